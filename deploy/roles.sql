-- Creates Attest's database roles and schema. Run once per database as a superuser:
--   psql "$SUPERUSER_URL" -v owner_password=… -v operator_password=… -v daemon_password=… \
--        -v console_password=… -f deploy/roles.sql
-- Idempotent: roles and schema that exist are left as they are (passwords are reset).
--
--   attest_owner     LOGIN  owns the schema and every table; runs `attest migrate` only.
--   attest_operator  LOGIN  cross-tenant commands (`attest tenant …`, imports, status).
--   attest_app       NOLOGIN group of the tenant-scoped daemon roles.
--   attest_daemon    LOGIN  member of attest_app; a daemon role confined to the tenants
--                           granted to it with `attest tenant grant SLUG --role attest_daemon`.
--   attest_console   LOGIN  the web console (`attest console`): reads, through row-level
--                           security, only the tenants of the signed-in operator account;
--                           neither an operator nor a daemon role (the daemon refuses it).
-- More daemon roles (one per tenant in production): deploy/daemon-role.sql.
-- None of them is a superuser, none has BYPASSRLS, none but the owner owns a table.
\set ON_ERROR_STOP on
SELECT set_config('attest.owner_password', :'owner_password', false),
       set_config('attest.operator_password', :'operator_password', false),
       set_config('attest.daemon_password', :'daemon_password', false),
       set_config('attest.console_password', :'console_password', false);
DO $$
DECLARE
    spec record;
BEGIN
    FOR spec IN SELECT * FROM (VALUES
        ('attest_owner',    true,  current_setting('attest.owner_password')),
        ('attest_operator', true,  current_setting('attest.operator_password')),
        ('attest_app',      false, NULL),
        ('attest_daemon',   true,  current_setting('attest.daemon_password')),
        ('attest_console',  true,  current_setting('attest.console_password'))
    ) AS r(name, login, password) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = spec.name) THEN
            EXECUTE format('CREATE ROLE %I NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', spec.name);
        END IF;
        EXECUTE format('ALTER ROLE %I NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE %s',
                       spec.name, CASE WHEN spec.login THEN 'LOGIN' ELSE 'NOLOGIN' END);
        IF spec.password IS NOT NULL THEN
            EXECUTE format('ALTER ROLE %I PASSWORD %L', spec.name, spec.password);
        END IF;
    END LOOP;
END $$;
SELECT set_config('attest.owner_password', '', false),
       set_config('attest.operator_password', '', false),
       set_config('attest.daemon_password', '', false),
       set_config('attest.console_password', '', false);
GRANT attest_app TO attest_daemon;
-- A dead or paused client must not hold locks or transactions for hours.
ALTER ROLE attest_daemon SET idle_in_transaction_session_timeout = '60s';
ALTER ROLE attest_daemon SET tcp_user_timeout = '30s';
ALTER ROLE attest_operator SET idle_in_transaction_session_timeout = '300s';
ALTER ROLE attest_console SET idle_in_transaction_session_timeout = '60s';
-- The schema and database grants: the same file the tests apply to each test database.
\ir database.sql
