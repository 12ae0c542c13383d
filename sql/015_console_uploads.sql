-- 015: CSV files uploaded to the console (issue 14), kept between their preview and
-- their import, for the session that uploaded them only, for an hour at most. The
-- records are written only at the import, through the tenant the transaction names.
CREATE TABLE attest.console_uploads (
    tenant_id    uuid        NOT NULL REFERENCES attest.tenants (id),
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_hash bytea       NOT NULL,
    kind         text        NOT NULL,
    file_name    text        NOT NULL,
    content      bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT console_uploads_kind_known CHECK (kind IN ('people', 'trainings', 'hires', 'nomatch')),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT console_uploads_file_name_length CHECK (length(file_name) BETWEEN 1 AND 255)
);

ALTER TABLE attest.console_uploads ENABLE ROW LEVEL SECURITY;
ALTER TABLE attest.console_uploads FORCE ROW LEVEL SECURITY;
-- The session's own uploads, of a tenant it may see; an hour old at most.
CREATE POLICY console_own ON attest.console_uploads TO attest_console
    USING (current_setting('attest.console_session', true) ~ '^[0-9a-f]{64}$'
           AND session_hash = decode(current_setting('attest.console_session', true), 'hex')
           AND created_at > now() - interval '1 hour')
    WITH CHECK (current_setting('attest.console_session', true) ~ '^[0-9a-f]{64}$'
                AND session_hash = decode(current_setting('attest.console_session', true), 'hex')
                AND ((SELECT attest.console_sees_all()) OR tenant_id = ANY ((SELECT attest.console_tenants())::uuid[])));
CREATE POLICY operator_scope ON attest.console_uploads TO attest_operator USING (true) WITH CHECK (true);
CREATE POLICY no_daemon_access ON attest.console_uploads TO attest_app USING (false) WITH CHECK (false);
GRANT SELECT, INSERT, DELETE ON attest.console_uploads TO attest_console;
GRANT SELECT, DELETE ON attest.console_uploads TO attest_operator;

-- Uploads older than an hour are removed by any console session's next upload, through
-- this function: a session cannot see another session's uploads, old or not.
CREATE POLICY owner_prunes ON attest.console_uploads FOR ALL TO attest_owner
    USING (created_at < now() - interval '1 hour') WITH CHECK (false);
CREATE FUNCTION attest.prune_console_uploads() RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH gone AS (DELETE FROM attest.console_uploads WHERE created_at < now() - interval '1 hour' RETURNING 1)
    SELECT count(*)::integer FROM gone
$$;
REVOKE ALL ON FUNCTION attest.prune_console_uploads() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.prune_console_uploads() TO attest_console;
