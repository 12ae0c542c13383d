-- Benchmarks only: clones tenant `t1` (seeded through the command line) into t2 … t:count
-- in one transaction, as the database superuser, so that 10,000 tenants take minutes
-- instead of an hour of `attest tenant add` and `attest import`.
--   psql -v count=10000 -f deploy/bench-clone-tenants.sql
-- Every row of every tenant table (a table with a tenant_id column) is copied with the new
-- tenant's id; keys are (tenant_id, …), so the other columns can stay as they are. Triggers
-- are off while it copies (session_replication_role = replica): the rows they would derive
-- (reminder planning cursors, hire exceptions) are copied from t1 instead. What is not a
-- faithful copy: the clones' event chains (their hashes were computed for t1, so
-- `attest events verify` fails on them) and their contact addresses, renamed c<n>@ below.
\set ON_ERROR_STOP on
BEGIN;
SET LOCAL session_replication_role = replica;

CREATE TEMP TABLE clone_source ON COMMIT DROP AS
    SELECT id FROM attest.tenants WHERE slug = 't1';
CREATE TEMP TABLE clone_map ON COMMIT DROP AS
    SELECT n, gen_random_uuid() AS id FROM generate_series(2, :count) AS n;

INSERT INTO attest.tenants (id, slug, legal_name, time_zone, image_agreement_on, send_hour)
SELECT m.id, 't' || m.n, 'Tenant ' || m.n, s.time_zone, s.image_agreement_on, s.send_hour
FROM clone_map m CROSS JOIN attest.tenants s
WHERE s.id = (SELECT id FROM clone_source);

DO $$
DECLARE
    t record;
    columns text;
    selected text;
BEGIN
    FOR t IN
        SELECT c.oid, c.relname FROM pg_class c
        WHERE c.relnamespace = 'attest'::regnamespace AND c.relkind = 'r' AND c.relname <> 'tenants'
          AND EXISTS (SELECT 1 FROM pg_attribute a
                      WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
        ORDER BY c.relname
    LOOP
        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum),
               string_agg(CASE WHEN a.attname = 'tenant_id' THEN 'm.id' ELSE 's.' || quote_ident(a.attname) END,
                          ', ' ORDER BY a.attnum)
        INTO columns, selected
        FROM pg_attribute a
        WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
        EXECUTE format(
            'INSERT INTO attest.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM attest.%I s CROSS JOIN clone_map m '
            'WHERE s.tenant_id = (SELECT id FROM clone_source)', t.relname, columns, selected, t.relname);
    END LOOP;
END $$;

UPDATE attest.tenant_contacts c SET email = 'c' || m.n || '@tenant.example'
FROM clone_map m WHERE c.tenant_id = m.id AND c.email = 'c1@tenant.example';
COMMIT;
