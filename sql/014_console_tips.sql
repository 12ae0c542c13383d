-- 014: the tips inbox of the console (issue 14). A tip's text and contact stay sealed
-- (AES-GCM under the tip key): the console opens one only for an account an admin has
-- allowed to read tips, in a tenant that account may see, and the reading is recorded
-- in the tenant's events. The protocol steps (acknowledge, investigate, answer, close)
-- are recorded like any other record, through the tenant the transaction names (012).

ALTER TABLE attest.operator_accounts ADD COLUMN can_read_tips boolean NOT NULL DEFAULT false;
GRANT UPDATE (can_read_tips) ON attest.operator_accounts TO attest_console;

-- The permission, like the role, changes in the console only in an admin's session.
CREATE OR REPLACE FUNCTION attest.guard_account_admin_columns() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    -- Nested, so that only the console role ever calls console_sees_all().
    IF pg_has_role(current_user, 'attest_console', 'MEMBER') AND NOT pg_has_role(current_user, 'attest_operator', 'MEMBER') THEN
        IF (NEW.role IS DISTINCT FROM OLD.role OR NEW.name IS DISTINCT FROM OLD.name OR NEW.email IS DISTINCT FROM OLD.email
            OR NEW.disabled_at IS DISTINCT FROM OLD.disabled_at OR NEW.can_read_tips IS DISTINCT FROM OLD.can_read_tips)
           AND NOT attest.console_sees_all() THEN
            RAISE EXCEPTION 'only an admin''s console session may change an account''s role, name, status or tip permission'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END $$;

-- The protocol steps: the tip's metadata columns only, never the sealed ones.
GRANT INSERT (tenant_id, tip_id, received_on, channel, anonymous, status, acknowledged_on, investigated_on, responded_on, closed_on,
              protocol_steps, language, public_answer),
      UPDATE (received_on, channel, anonymous, status, acknowledged_on, investigated_on, responded_on, closed_on,
              protocol_steps, language, public_answer)
    ON attest.tips TO attest_console;
CREATE POLICY console_write ON attest.tips TO attest_console
    USING (tenant_id = (SELECT attest.console_write_tenant())) WITH CHECK (tenant_id = (SELECT attest.console_write_tenant()));

-- The sealed columns, for a console session whose account may read tips, of a tenant it
-- may see. SECURITY DEFINER (the owner reads what attest_console cannot), so the owner
-- needs to read the session tables and the tips through row-level security.
CREATE POLICY owner_reads ON attest.console_sessions FOR SELECT TO attest_owner USING (true);
CREATE POLICY owner_reads ON attest.operator_accounts FOR SELECT TO attest_owner USING (true);
CREATE POLICY owner_reads ON attest.operator_account_tenants FOR SELECT TO attest_owner USING (true);
CREATE POLICY owner_reads ON attest.tips FOR SELECT TO attest_owner USING (true);

CREATE FUNCTION attest.console_sealed_tip(tenant uuid, tip text)
RETURNS TABLE (sealed_text bytea, sealed_contact bytea, key_id text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    account uuid := attest.console_account();
BEGIN
    IF account IS NULL
       OR NOT EXISTS (SELECT 1 FROM attest.operator_accounts AS a WHERE a.id = account AND a.can_read_tips)
       OR NOT (attest.console_sees_all() OR tenant = ANY (attest.console_tenants())) THEN
        RAISE EXCEPTION 'this console account may not read the tips of this tenant' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY SELECT t.sealed_text, t.sealed_contact, t.key_id FROM attest.tips AS t WHERE t.tenant_id = tenant AND t.tip_id = tip;
END $$;
REVOKE ALL ON FUNCTION attest.console_sealed_tip(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.console_sealed_tip(uuid, text) TO attest_console;
