-- 001: tenants, their contacts, the role→tenant access map, and the isolation machinery.
--
-- Runs as attest_owner (see deploy/roles.sql). Every tenant table has row-level
-- security enabled AND forced. Tenant-scoped roles (members of attest_app) see the
-- rows of one tenant at a time: the tenant named by the transaction setting
-- `attest.tenant_id`, and only if the login role is mapped to that tenant in
-- attest.tenant_access, a table those roles can read but never write. Setting the
-- variable to another tenant's id therefore yields nothing. attest_operator spans
-- tenants. The owner is only used for migrations.

CREATE TABLE attest.tenants (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    slug               text        NOT NULL,
    legal_name         text        NOT NULL,
    time_zone          text        NOT NULL,
    image_agreement_on date,
    send_hour          smallint    NOT NULL DEFAULT 8,
    disabled_at        timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenants_slug_key UNIQUE (slug),
    CONSTRAINT tenants_slug_format CHECK (slug ~ '^[a-z][a-z0-9-]{0,38}[a-z0-9]$'),
    CONSTRAINT tenants_legal_name_length CHECK (length(btrim(legal_name)) BETWEEN 1 AND 200),
    CONSTRAINT tenants_send_hour_range CHECK (send_hour BETWEEN 0 AND 23)
);

-- The time zone must be one PostgreSQL knows (the IANA database).
CREATE FUNCTION attest.check_tenant_time_zone() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = NEW.time_zone) THEN
        RAISE EXCEPTION 'unknown time zone "%"', NEW.time_zone
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tenants_time_zone_known';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER tenants_time_zone_known
    BEFORE INSERT OR UPDATE OF time_zone ON attest.tenants
    FOR EACH ROW EXECUTE FUNCTION attest.check_tenant_time_zone();

CREATE TABLE attest.tenant_contacts (
    tenant_id  uuid        NOT NULL REFERENCES attest.tenants (id),
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    name       text        NOT NULL,
    email      text        NOT NULL,
    role       text        NOT NULL DEFAULT 'compliance',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT tenant_contacts_email_key UNIQUE (tenant_id, email, role),
    CONSTRAINT tenant_contacts_role_known CHECK (role IN ('compliance', 'operator', 'escalation')),
    CONSTRAINT tenant_contacts_email_format CHECK (email ~ '^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$')
);

-- Which login roles may act for which tenant. Written by operators only.
CREATE TABLE attest.tenant_access (
    tenant_id  uuid        NOT NULL REFERENCES attest.tenants (id),
    role_name  name        NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, role_name)
);

-- The tenant the current transaction acts for: the `attest.tenant_id` setting, but
-- only when the current role is mapped to that tenant. Compared as text so that a
-- malformed setting yields NULL (no rows), never an error.
CREATE FUNCTION attest.current_tenant_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT a.tenant_id
    FROM attest.tenant_access AS a
    WHERE a.role_name = current_user
      AND a.tenant_id::text = current_setting('attest.tenant_id', true)
$$;

-- Enables and forces row-level security on a tenant table and installs the two
-- standard policies. Used by migrations only.
CREATE FUNCTION attest.isolate_tenant_table(tbl regclass) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format(
        'CREATE POLICY tenant_scope ON %s TO attest_app '
        'USING (tenant_id = attest.current_tenant_id()) '
        'WITH CHECK (tenant_id = attest.current_tenant_id())', tbl);
    EXECUTE format(
        'CREATE POLICY operator_scope ON %s TO attest_operator USING (true) WITH CHECK (true)', tbl);
END $$;
REVOKE ALL ON FUNCTION attest.isolate_tenant_table(regclass) FROM PUBLIC;

SELECT attest.isolate_tenant_table('attest.tenant_contacts');

-- tenants: a scoped role sees the tenants it is mapped to (to resolve a slug at
-- start-up), whatever the setting says; it can change none of them.
ALTER TABLE attest.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE attest.tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_scope ON attest.tenants FOR SELECT TO attest_app
    USING (id IN (SELECT a.tenant_id FROM attest.tenant_access AS a WHERE a.role_name = current_user));
CREATE POLICY operator_scope ON attest.tenants TO attest_operator USING (true) WITH CHECK (true);

-- tenant_access: a scoped role reads its own mappings only.
ALTER TABLE attest.tenant_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE attest.tenant_access FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_scope ON attest.tenant_access FOR SELECT TO attest_app
    USING (role_name = current_user);
CREATE POLICY operator_scope ON attest.tenant_access TO attest_operator USING (true) WITH CHECK (true);

GRANT SELECT ON attest.tenants, attest.tenant_contacts, attest.tenant_access TO attest_app;
GRANT SELECT, INSERT, UPDATE ON attest.tenants TO attest_operator;
GRANT SELECT, INSERT, UPDATE, DELETE ON attest.tenant_contacts TO attest_operator;
GRANT SELECT, INSERT, DELETE ON attest.tenant_access TO attest_operator;
GRANT EXECUTE ON FUNCTION attest.current_tenant_id() TO attest_app, attest_operator;
