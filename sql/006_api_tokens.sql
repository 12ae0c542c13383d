-- 006: bearer tokens of the operators' JSON API (`attest token create | list | revoke`).
--
-- A token is shown once when it is made; only the SHA-256 of its secret is stored.
-- Operators create, list and revoke tokens. A daemon role (a member of attest_app)
-- can neither read nor change them: it may only ask attest.authenticate_api_token,
-- a SECURITY DEFINER function, which token (if any, and not revoked) a hash belongs
-- to and which tenants that token is scoped to.

CREATE TABLE attest.api_tokens (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name         text        NOT NULL,
    secret_hash  bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text        NOT NULL DEFAULT current_user,
    revoked_at   timestamptz,
    last_used_at timestamptz,
    CONSTRAINT api_tokens_name_key UNIQUE (name),
    CONSTRAINT api_tokens_secret_hash_key UNIQUE (secret_hash),
    CONSTRAINT api_tokens_name_format CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    CONSTRAINT api_tokens_hash_is_sha256 CHECK (octet_length(secret_hash) = 32)
);

-- The tenants a token may reach. Like attest.tenant_access, keyed by tenant first;
-- rows are only ever inserted with their token, in the same transaction.
CREATE TABLE attest.api_token_scopes (
    tenant_id uuid NOT NULL REFERENCES attest.tenants (id),
    token_id  uuid NOT NULL,
    PRIMARY KEY (tenant_id, token_id)
);

-- Forced RLS: operators see everything; daemon roles nothing (and no grant either);
-- the owner only reads, and stamps last use, through the function below (forced RLS
-- applies to the owner too, so it needs its own narrow policies).
ALTER TABLE attest.api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE attest.api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON attest.api_tokens TO attest_operator USING (true) WITH CHECK (true);
CREATE POLICY no_daemon_access ON attest.api_tokens TO attest_app USING (false) WITH CHECK (false);
CREATE POLICY authenticate_reads ON attest.api_tokens FOR SELECT TO attest_owner USING (true);
CREATE POLICY authenticate_stamps ON attest.api_tokens FOR UPDATE TO attest_owner USING (true) WITH CHECK (true);

ALTER TABLE attest.api_token_scopes ENABLE ROW LEVEL SECURITY;
ALTER TABLE attest.api_token_scopes FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON attest.api_token_scopes TO attest_operator USING (true) WITH CHECK (true);
CREATE POLICY no_daemon_access ON attest.api_token_scopes TO attest_app USING (false) WITH CHECK (false);
CREATE POLICY authenticate_reads ON attest.api_token_scopes FOR SELECT TO attest_owner USING (true);

GRANT SELECT, INSERT, UPDATE ON attest.api_tokens TO attest_operator;
GRANT SELECT, INSERT ON attest.api_token_scopes TO attest_operator;

-- The token a secret's SHA-256 belongs to, with its name and tenants, if it exists and
-- is not revoked; no row otherwise. Stamps last use at most once a minute.
CREATE FUNCTION attest.authenticate_api_token(hash bytea)
RETURNS TABLE (token_id uuid, token_name text, tenant_ids uuid[])
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    token attest.api_tokens%ROWTYPE;
BEGIN
    SELECT * INTO token FROM attest.api_tokens AS t WHERE t.secret_hash = hash AND t.revoked_at IS NULL;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    UPDATE attest.api_tokens AS t SET last_used_at = now()
    WHERE t.id = token.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute');
    RETURN QUERY
        SELECT token.id, token.name,
               coalesce((SELECT array_agg(s.tenant_id ORDER BY s.tenant_id) FROM attest.api_token_scopes AS s
                         WHERE s.token_id = token.id), '{}'::uuid[]);
END $$;
REVOKE ALL ON FUNCTION attest.authenticate_api_token(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.authenticate_api_token(bytea) TO attest_app;
