-- 013: admins manage the console's accounts and the API's tokens from the console
-- (issue 14). Until now only the operator role (`attest operator`, `attest token`) could.
--
-- attest_console may now add accounts, give and take a manager's tenants, rename,
-- change the role of and disable accounts, and create and revoke API tokens — each only
-- in a transaction whose session (`attest.console_session`) is an admin's. A manager's
-- session, a session half-way through sign-in, or none at all can do none of it: the
-- policies below refuse the rows, and a trigger refuses the admin-only columns of an
-- account (the sign-in steps keep updating an account's own password and second factor).

-- The account rows: everyone in the console reads them (sign-in); only an admin adds.
DROP POLICY console_scope ON attest.operator_accounts;
CREATE POLICY console_reads ON attest.operator_accounts FOR SELECT TO attest_console USING (true);
CREATE POLICY console_updates ON attest.operator_accounts FOR UPDATE TO attest_console USING (true) WITH CHECK (true);
CREATE POLICY console_admin_adds ON attest.operator_accounts FOR INSERT TO attest_console
    WITH CHECK ((SELECT attest.console_sees_all()));
GRANT INSERT ON attest.operator_accounts TO attest_console;
GRANT UPDATE (name, role, disabled_at) ON attest.operator_accounts TO attest_console;

-- An account's role, name, e-mail and enabled state change only in an admin's session
-- when the console changes them.
CREATE FUNCTION attest.guard_account_admin_columns() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    -- Nested, so that only the console role ever calls console_sees_all().
    IF pg_has_role(current_user, 'attest_console', 'MEMBER') AND NOT pg_has_role(current_user, 'attest_operator', 'MEMBER') THEN
        IF (NEW.role IS DISTINCT FROM OLD.role OR NEW.name IS DISTINCT FROM OLD.name
            OR NEW.email IS DISTINCT FROM OLD.email OR NEW.disabled_at IS DISTINCT FROM OLD.disabled_at)
           AND NOT attest.console_sees_all() THEN
            RAISE EXCEPTION 'only an admin''s console session may change an account''s role, name or status'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER operator_accounts_admin_columns BEFORE UPDATE ON attest.operator_accounts
    FOR EACH ROW EXECUTE FUNCTION attest.guard_account_admin_columns();

-- A manager's tenants: read by everyone in the console, changed by an admin only.
DROP POLICY console_scope ON attest.operator_account_tenants;
CREATE POLICY console_reads ON attest.operator_account_tenants FOR SELECT TO attest_console USING (true);
CREATE POLICY console_admin_adds ON attest.operator_account_tenants FOR INSERT TO attest_console
    WITH CHECK ((SELECT attest.console_sees_all()));
CREATE POLICY console_admin_removes ON attest.operator_account_tenants FOR DELETE TO attest_console
    USING ((SELECT attest.console_sees_all()));
GRANT INSERT, DELETE ON attest.operator_account_tenants TO attest_console;

-- API tokens: an admin's session lists, creates and revokes them (never reads a secret:
-- only its hash is stored).
CREATE POLICY console_admin ON attest.api_tokens TO attest_console
    USING ((SELECT attest.console_sees_all())) WITH CHECK ((SELECT attest.console_sees_all()));
CREATE POLICY console_admin ON attest.api_token_scopes TO attest_console
    USING ((SELECT attest.console_sees_all())) WITH CHECK ((SELECT attest.console_sees_all()));
GRANT SELECT, INSERT ON attest.api_tokens, attest.api_token_scopes TO attest_console;
GRANT UPDATE (revoked_at) ON attest.api_tokens TO attest_console;
