-- 012: the console records what an operator does in it (issue 14), through the same
-- Storage code as the CLI and the API, for one tenant at a time.
--
-- A console transaction that writes names its session (`attest.console_session`, as
-- in 011) and the tenant it acts for (`attest.tenant_id`, as a daemon does). The
-- policy `console_write` lets attest_console change a tenant's rows only when that
-- tenant is the one named and the session's account may see it (every tenant for an
-- admin, the assigned ones for a manager). So a console write can touch neither
-- another tenant's rows nor, without a signed-in session, any row at all.
--
-- The console gets the table privileges the daemon role has (the API records the
-- same work), except on the tips, which stay read-only metadata until the tips inbox.

-- The tenant named by `attest.tenant_id`, if the session's account may see it; NULL
-- otherwise (no row can be written then). A malformed setting is NULL, never an error.
CREATE FUNCTION attest.console_write_tenant() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
    SELECT t.id
    FROM attest.tenants AS t
    WHERE t.id::text = current_setting('attest.tenant_id', true)
      AND (attest.console_sees_all() OR t.id = ANY (attest.console_tenants()))
$$;
REVOKE ALL ON FUNCTION attest.console_write_tenant() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.console_write_tenant() TO attest_console;
-- The planning triggers call it as the role that changed the records.
GRANT EXECUTE ON FUNCTION attest.reset_planning(uuid[]) TO attest_console;

DO $$
DECLARE
    tbl regclass;
    privilege text;
    granted text[];
BEGIN
    FOR tbl IN
        SELECT DISTINCT p.polrelid::regclass FROM pg_catalog.pg_policy AS p
        JOIN pg_catalog.pg_attribute AS a ON a.attrelid = p.polrelid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE p.polname = 'tenant_scope' AND p.polrelid::regclass::text LIKE 'attest.%'
          AND p.polrelid <> 'attest.tips'::regclass
    LOOP
        granted := ARRAY[]::text[];
        FOREACH privilege IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
            IF has_table_privilege('attest_app', tbl, privilege) THEN
                granted := granted || privilege;
            END IF;
        END LOOP;
        CONTINUE WHEN cardinality(granted) = 0;
        EXECUTE format('GRANT %s ON %s TO attest_console', array_to_string(granted, ', '), tbl);
        EXECUTE format(
            'CREATE POLICY console_write ON %s TO attest_console '
            'USING (tenant_id = (SELECT attest.console_write_tenant())) '
            'WITH CHECK (tenant_id = (SELECT attest.console_write_tenant()))', tbl);
    END LOOP;
END $$;
