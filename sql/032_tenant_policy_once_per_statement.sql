-- The daemon's tenant policies look their tenant up once per statement, not per row.
--
-- Every tenant table's `tenant_scope` policy compared tenant_id with
-- attest.current_tenant_id() called directly. A SQL function that reads a table is
-- never inlined, so the policy ran it as a filter on every row read and as the check
-- on every row written: for the dispatcher that was a fifth of the database's CPU
-- (issue 19). Wrapped in a sub-select, it runs once per statement (an InitPlan), as the
-- console's policies do since 011; the value is the same within a statement (the
-- function is STABLE), and `tenant_id = (SELECT …)` still serves as an index key.

CREATE OR REPLACE FUNCTION attest.isolate_tenant_table(tbl regclass) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format(
        'CREATE POLICY tenant_scope ON %s TO attest_app '
        'USING (tenant_id = (SELECT attest.current_tenant_id())) '
        'WITH CHECK (tenant_id = (SELECT attest.current_tenant_id()))', tbl);
    EXECUTE format(
        'CREATE POLICY operator_scope ON %s TO attest_operator USING (true) WITH CHECK (true)', tbl);
END $$;
REVOKE ALL ON FUNCTION attest.isolate_tenant_table(regclass) FROM PUBLIC;

DO $$
DECLARE
    tbl regclass;
BEGIN
    FOR tbl IN
        SELECT p.polrelid::regclass FROM pg_catalog.pg_policies AS s
        JOIN pg_catalog.pg_policy AS p ON p.polname = s.policyname AND p.polrelid = format('%I.%I', s.schemaname, s.tablename)::regclass
        WHERE s.schemaname = 'attest' AND s.policyname = 'tenant_scope'
          AND s.qual = '(tenant_id = attest.current_tenant_id())'
          AND s.with_check = '(tenant_id = attest.current_tenant_id())'
    LOOP
        EXECUTE format(
            'ALTER POLICY tenant_scope ON %s '
            'USING (tenant_id = (SELECT attest.current_tenant_id())) '
            'WITH CHECK (tenant_id = (SELECT attest.current_tenant_id()))', tbl);
    END LOOP;
END $$;
