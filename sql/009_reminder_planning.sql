-- 009: the scheduler's planning cursor. Each open obligation remembers up to which
-- instant its reminders have been made (reminders_planned_until) and when its next
-- stage enters the look-ahead (reminders_next_at; NULL: plan it on the next pass).
-- A pass then reads only the obligations with something new to plan, instead of
-- re-planning every open obligation for every recipient on every pass.
-- Anything that changes which reminders an obligation should have resets its cursor:
-- a new due date or state (row trigger), the tenant's contacts, settings (reminder
-- plans), time zone or send hour (statement triggers).

ALTER TABLE attest.obligations
    ADD COLUMN reminders_planned_until timestamptz,
    ADD COLUMN reminders_next_at timestamptz;

CREATE INDEX obligations_plan_idx ON attest.obligations (tenant_id, reminders_next_at) WHERE state = 'open';

CREATE FUNCTION attest.obligation_replan() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF NEW.due_on IS DISTINCT FROM OLD.due_on OR NEW.state IS DISTINCT FROM OLD.state THEN
        NEW.reminders_planned_until := NULL;
        NEW.reminders_next_at := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER obligations_replan BEFORE UPDATE OF due_on, state ON attest.obligations
    FOR EACH ROW EXECUTE FUNCTION attest.obligation_replan();

-- Runs as the role that changed the tenant (an operator): row-level security applies.
CREATE FUNCTION attest.replan_tenants() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    UPDATE attest.obligations SET reminders_planned_until = NULL, reminders_next_at = NULL
    WHERE state = 'open' AND reminders_next_at IS NOT NULL AND tenant_id IN (SELECT tenant_id FROM changed);
    RETURN NULL;
END $$;
CREATE TRIGGER tenant_contacts_replan_insert AFTER INSERT ON attest.tenant_contacts
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_tenants();
CREATE TRIGGER tenant_contacts_replan_update AFTER UPDATE ON attest.tenant_contacts
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_tenants();
CREATE TRIGGER tenant_contacts_replan_delete AFTER DELETE ON attest.tenant_contacts
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_tenants();
CREATE TRIGGER tenant_settings_replan_insert AFTER INSERT ON attest.tenant_settings
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_tenants();
CREATE TRIGGER tenant_settings_replan_update AFTER UPDATE ON attest.tenant_settings
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_tenants();

CREATE FUNCTION attest.replan_changed_tenants() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    UPDATE attest.obligations SET reminders_planned_until = NULL, reminders_next_at = NULL
    WHERE state = 'open' AND reminders_next_at IS NOT NULL AND tenant_id IN (
        SELECT n.id FROM changed AS n JOIN previous AS o ON o.id = n.id
        WHERE n.time_zone IS DISTINCT FROM o.time_zone OR n.send_hour IS DISTINCT FROM o.send_hour);
    RETURN NULL;
END $$;
CREATE TRIGGER tenants_replan AFTER UPDATE ON attest.tenants
    REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_changed_tenants();
