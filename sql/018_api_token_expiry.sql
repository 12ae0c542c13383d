-- 018: API tokens expire, and a token may be limited to reading (issue 15, item 13).
--
-- Every token now has an expiry (`attest token create --expires`, 90 days unless told
-- otherwise, at most two years) and may be read-only (`--read-only`): the daemon
-- answers 403 to every write with it. Tokens made before this migration expire 90
-- days after it runs; `attest status` warns two weeks before any token expires.

ALTER TABLE attest.api_tokens
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN read_only  boolean NOT NULL DEFAULT false;
UPDATE attest.api_tokens SET expires_at = now() + interval '90 days';
ALTER TABLE attest.api_tokens
    ALTER COLUMN expires_at SET NOT NULL,
    ADD CONSTRAINT api_tokens_expiry_after_creation CHECK (expires_at > created_at);

-- The token a secret's SHA-256 belongs to, with its name, tenants and whether it is
-- read-only, if it exists, is not revoked and has not expired; no row otherwise.
-- Stamps last use at most once a minute.
DROP FUNCTION attest.authenticate_api_token(bytea);
CREATE FUNCTION attest.authenticate_api_token(hash bytea)
RETURNS TABLE (token_id uuid, token_name text, tenant_ids uuid[], read_only boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    token attest.api_tokens%ROWTYPE;
BEGIN
    SELECT * INTO token FROM attest.api_tokens AS t
    WHERE t.secret_hash = hash AND t.revoked_at IS NULL AND t.expires_at > now();
    IF NOT FOUND THEN
        RETURN;
    END IF;
    UPDATE attest.api_tokens AS t SET last_used_at = now()
    WHERE t.id = token.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute');
    RETURN QUERY
        SELECT token.id, token.name,
               coalesce((SELECT array_agg(s.tenant_id ORDER BY s.tenant_id) FROM attest.api_token_scopes AS s
                         WHERE s.token_id = token.id), '{}'::uuid[]),
               token.read_only;
END $$;
REVOKE ALL ON FUNCTION attest.authenticate_api_token(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.authenticate_api_token(bytea) TO attest_app;
