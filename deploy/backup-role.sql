-- The role that takes backups (docs/operations.md), run as a superuser in the database
-- to back up. pg_dump of Attest's tables needs to read every row: they force row-level
-- security, under which pg_dump stops with "query would be affected by row-level security
-- policy". So attest_backup reads all data (pg_read_all_data) and bypasses row-level
-- security, and nothing else: it writes nothing, and no application role is a member.
-- Log in as it over the local socket (peer or trust) or give it a password of its own.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'attest_backup') THEN
        CREATE ROLE attest_backup LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO attest_backup', current_database());
END $$;
GRANT pg_read_all_data TO attest_backup;
