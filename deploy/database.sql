-- Per-database setup, run as a superuser after the roles exist (deploy/roles.sql
-- includes it; the tests apply it to each throwaway database). Plain SQL, idempotent.
CREATE SCHEMA IF NOT EXISTS attest AUTHORIZATION attest_owner;
REVOKE ALL ON SCHEMA attest FROM PUBLIC;
GRANT USAGE ON SCHEMA attest TO attest_app, attest_operator, attest_console;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO attest_owner, attest_operator, attest_app, attest_console', current_database());
END $$;
