-- 016: the last record actions of the console (issue 14): a tenant's contacts, and a
-- tip received by phone, mail or in person recorded with what it says.
--
-- Contacts change like any record of the tenant the transaction names (012); the
-- console reads them already (011).
GRANT INSERT, DELETE ON attest.tenant_contacts TO attest_console;
CREATE POLICY console_write ON attest.tenant_contacts TO attest_console
    USING (tenant_id = (SELECT attest.console_write_tenant())) WITH CHECK (tenant_id = (SELECT attest.console_write_tenant()));

-- A recorded tip's text is sealed by the console with the tip key, and stored by this
-- function: the console role itself may neither read nor write the sealed columns. It
-- stores a text only for the tenant the console transaction writes for, and only on a
-- tip that has no text yet, so that no console session can overwrite what a reporter
-- wrote without reading it. True when it stored the text.
CREATE POLICY owner_seals_text ON attest.tips FOR UPDATE TO attest_owner USING (true) WITH CHECK (true);

CREATE FUNCTION attest.console_seal_tip_text(tenant uuid, tip text, sealed bytea, key text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- console_write_tenant()'s test, written out: as the owner, the tenants table shows no row.
    IF tenant::text IS DISTINCT FROM current_setting('attest.tenant_id', true)
       OR NOT (attest.console_sees_all() OR tenant = ANY (attest.console_tenants())) THEN
        RAISE EXCEPTION 'this console session may not record tips for this tenant' USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE attest.tips AS t SET sealed_text = sealed, key_id = key
    WHERE t.tenant_id = tenant AND t.tip_id = tip AND t.sealed_text IS NULL AND (t.sealed_contact IS NULL OR t.key_id = key);
    RETURN FOUND;
END $$;
REVOKE ALL ON FUNCTION attest.console_seal_tip_text(uuid, text, bytea, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.console_seal_tip_text(uuid, text, bytea, text) TO attest_console;
