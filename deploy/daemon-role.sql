-- Creates one more tenant-scoped daemon login role (production: one per tenant).
--   psql "$SUPERUSER_URL" -v role=attest_daemon_acme -v password=… -f deploy/daemon-role.sql
-- then, as the operator:  attest tenant grant acme --role attest_daemon_acme
\set ON_ERROR_STOP on
SELECT format('CREATE ROLE %I LOGIN INHERIT NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD %L',
              :'role', :'password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('GRANT attest_app TO %I', :'role') \gexec
SELECT format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', :'role', '60s') \gexec
SELECT format('ALTER ROLE %I SET tcp_user_timeout = %L', :'role', '30s') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'role') \gexec
