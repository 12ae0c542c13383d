-- 017: a tenant grant names one login role, the very role it was given to (issue 15).
--
-- PostgreSQL counts a role as a member of itself, so `attest tenant grant SLUG --role
-- attest_app` used to pass the "member of attest_app" check, and then every daemon
-- role could `SET ROLE attest_app` and act for that tenant. A grant is now refused,
-- whoever inserts it, unless the role can log in, is a member of attest_app, has no
-- members itself (nobody else can SET ROLE to it), is none of Attest's group roles nor
-- a member of the owner, operator or console role, and bypasses no row-level security.
--
-- A grant also records the role's oid, and only the role with that oid is served: a
-- dropped and re-created role of the same name inherits no old grant.

ALTER TABLE attest.tenant_access ADD COLUMN role_oid oid;

-- Why `role` may not be granted a tenant, or NULL when it may.
CREATE FUNCTION attest.tenant_grant_problem(role name) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
    SELECT CASE
        WHEN r.oid IS NULL THEN format('database role "%s" does not exist (create it with deploy/daemon-role.sql)', role)
        WHEN r.rolname IN ('attest_app', 'attest_owner', 'attest_operator', 'attest_console')
            THEN format('database role "%s" is one of Attest''s group roles; grant a daemon login role (deploy/daemon-role.sql)', role)
        WHEN NOT r.rolcanlogin THEN format('database role "%s" cannot log in; grant a daemon login role (deploy/daemon-role.sql)', role)
        WHEN r.rolsuper OR r.rolbypassrls THEN format('database role "%s" bypasses row-level security (superuser or BYPASSRLS)', role)
        WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members AS m WHERE m.roleid = r.oid)
            THEN format('database role "%s" has members, who could act for the tenant through it; grant a role nobody else belongs to', role)
        WHEN NOT pg_has_role(r.oid, 'attest_app', 'MEMBER')
            THEN format('database role "%s" is not a member of attest_app (create it with deploy/daemon-role.sql)', role)
        WHEN pg_has_role(r.oid, 'attest_owner', 'MEMBER') OR pg_has_role(r.oid, 'attest_operator', 'MEMBER')
             OR pg_has_role(r.oid, 'attest_console', 'MEMBER')
            THEN format('database role "%s" is also an owner, operator or console role; a daemon role must be only a daemon role', role)
    END
    FROM (SELECT role AS wanted) AS w LEFT JOIN pg_catalog.pg_roles AS r ON r.rolname = w.wanted
$$;
GRANT EXECUTE ON FUNCTION attest.tenant_grant_problem(name) TO attest_operator;

-- The grants made so far: the owner (this migration) sees them only without forced RLS.
ALTER TABLE attest.tenant_access NO FORCE ROW LEVEL SECURITY;
UPDATE attest.tenant_access AS a SET role_oid = r.oid FROM pg_catalog.pg_roles AS r WHERE r.rolname = a.role_name;
DO $$
DECLARE
    unsafe record;
BEGIN
    FOR unsafe IN DELETE FROM attest.tenant_access AS a
                  WHERE a.role_oid IS NULL OR attest.tenant_grant_problem(a.role_name) IS NOT NULL
                  RETURNING a.role_name, a.tenant_id LOOP
        RAISE WARNING 'tenant grant of % to role % removed: %', unsafe.tenant_id, unsafe.role_name,
            coalesce(attest.tenant_grant_problem(unsafe.role_name), 'the role was dropped');
    END LOOP;
END $$;
ALTER TABLE attest.tenant_access FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.tenant_access ALTER COLUMN role_oid SET NOT NULL;

CREATE FUNCTION attest.check_tenant_grant() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    problem text := attest.tenant_grant_problem(NEW.role_name);
BEGIN
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION '%', problem USING ERRCODE = 'check_violation', CONSTRAINT = 'tenant_access_role_safe';
    END IF;
    NEW.role_oid := (SELECT r.oid FROM pg_catalog.pg_roles AS r WHERE r.rolname = NEW.role_name);
    RETURN NEW;
END $$;
CREATE TRIGGER tenant_access_role_safe BEFORE INSERT OR UPDATE ON attest.tenant_access
    FOR EACH ROW EXECUTE FUNCTION attest.check_tenant_grant();

-- The login role's oid, for comparing grants by identity rather than by name.
CREATE FUNCTION attest.current_role_oid() RETURNS oid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT pg_catalog.to_regrole(pg_catalog.quote_ident(current_user))::oid
$$;
GRANT EXECUTE ON FUNCTION attest.current_role_oid() TO attest_app, attest_operator;

CREATE OR REPLACE FUNCTION attest.current_tenant_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT a.tenant_id
    FROM attest.tenant_access AS a
    WHERE a.role_name = current_user AND a.role_oid = attest.current_role_oid()
      AND a.tenant_id::text = current_setting('attest.tenant_id', true)
$$;

ALTER POLICY tenant_scope ON attest.tenants
    USING (id IN (SELECT a.tenant_id FROM attest.tenant_access AS a
                  WHERE a.role_name = current_user AND a.role_oid = attest.current_role_oid()));
ALTER POLICY tenant_scope ON attest.tenant_access
    USING (role_name = current_user AND role_oid = attest.current_role_oid());
