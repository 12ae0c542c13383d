-- The tenant a transaction acts for, found through tenant_access's primary key.
--
-- attest.current_tenant_id(), which every tenant table's row-level security policy
-- calls, compared the setting as text (tenant_id::text = current_setting(…)), which no
-- index serves: each call read every grant. At 10,000 tenants that was about 10 ms per
-- statement of a scheduler pass, and a filter that called it once per row (the
-- daemon's list of its tenants' contacts) took minutes (issue 17 item 7). The setting is
-- now read as a uuid, only in the canonical form `set_config` is given (lower-case
-- with hyphens: anything else is NULL, as before, never an error), and matched on
-- (tenant_id, role_name).

CREATE FUNCTION attest.setting_tenant_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN current_setting('attest.tenant_id', true) ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                THEN current_setting('attest.tenant_id', true)::uuid END
$$;

CREATE OR REPLACE FUNCTION attest.current_tenant_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT a.tenant_id
    FROM attest.tenant_access AS a
    WHERE a.tenant_id = attest.setting_tenant_id()
      AND a.role_name = current_user AND a.role_oid = attest.current_role_oid()
$$;

CREATE OR REPLACE FUNCTION attest.console_write_tenant() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
    SELECT t.id
    FROM attest.tenants AS t
    WHERE t.id = attest.setting_tenant_id()
      AND (attest.console_sees_all() OR t.id = ANY (attest.console_tenants()))
$$;
