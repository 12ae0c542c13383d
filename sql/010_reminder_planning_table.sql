-- 010: the scheduler's planning cursor moves out of attest.obligations into its own
-- narrow table. Advancing the cursor used to UPDATE obligations, which fired the
-- obligations NOTIFY trigger (every pass that planned something woke its own tenant,
-- and any replica, for one more, empty pass) and rewrote the wide obligation row with
-- all of its indexes. Now a pass writes only attest.reminder_planning.
--
-- Every open obligation has exactly one row, made by the triggers below when the
-- obligation is inserted (or reopened) and removed when it closes:
--   planned_until  reminders up to this instant were made (NULL: none yet);
--   next_at        when the obligation's next stage enters the look-ahead
--                  (NULL: plan it on the next pass; 'infinity': no stage left).
-- A pass reads the rows with next_at NULL or within the look-ahead through
-- reminder_planning_next_idx and joins the obligations by key. (A missing row cannot
-- mean "plan this one": finding open obligations without a row is an anti-join over all
-- of the tenant's open obligations, ~60 ms at 60,000 of them, on every pass.)
-- Resetting a cursor sets both columns to NULL; the resets that concern a whole tenant
-- (contacts, settings, time zone, send hour) notify its scheduler once.

CREATE TABLE attest.reminder_planning (
    tenant_id     uuid        NOT NULL,
    obligation_id uuid        NOT NULL,
    planned_until timestamptz,
    next_at       timestamptz,
    PRIMARY KEY (tenant_id, obligation_id),
    FOREIGN KEY (tenant_id, obligation_id) REFERENCES attest.obligations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX reminder_planning_next_idx ON attest.reminder_planning (tenant_id, next_at);
-- Every planning pass rewrites the rows it planned: vacuum early, like the queue tables.
ALTER TABLE attest.reminder_planning SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);

-- The cursors planned so far. Row-level security is forced on obligations, even for
-- its owner, who runs this; lifted for the copy only, inside this migration's transaction.
ALTER TABLE attest.obligations NO FORCE ROW LEVEL SECURITY;
INSERT INTO attest.reminder_planning (tenant_id, obligation_id, planned_until, next_at)
SELECT tenant_id, id, reminders_planned_until, reminders_next_at FROM attest.obligations WHERE state = 'open';
ALTER TABLE attest.obligations FORCE ROW LEVEL SECURITY;

SELECT attest.isolate_tenant_table('attest.reminder_planning');
-- INSERT and DELETE too: the triggers below run as whoever changed the obligation or tenant.
GRANT SELECT, INSERT, UPDATE, DELETE ON attest.reminder_planning TO attest_app, attest_operator;

DROP TRIGGER obligations_replan ON attest.obligations;
DROP FUNCTION attest.obligation_replan();
DROP INDEX attest.obligations_plan_idx;
ALTER TABLE attest.obligations DROP COLUMN reminders_planned_until, DROP COLUMN reminders_next_at;

-- New open obligations get an unplanned row.
CREATE FUNCTION attest.plan_new_obligations() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    INSERT INTO attest.reminder_planning (tenant_id, obligation_id)
    SELECT tenant_id, id FROM changed WHERE state = 'open';
    RETURN NULL;
END $$;
CREATE TRIGGER obligations_plan_insert AFTER INSERT ON attest.obligations
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.plan_new_obligations();

-- A new due date or state: replan an obligation that is (still or again) open, drop the
-- row of one that closed. (A trigger with transition tables cannot name columns.)
CREATE FUNCTION attest.replan_changed_obligations() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    DELETE FROM attest.reminder_planning AS p
    USING changed AS n
    WHERE n.state <> 'open' AND p.tenant_id = n.tenant_id AND p.obligation_id = n.id;
    INSERT INTO attest.reminder_planning (tenant_id, obligation_id)
    SELECT n.tenant_id, n.id FROM changed AS n JOIN previous AS o ON o.tenant_id = n.tenant_id AND o.id = n.id
    WHERE n.state = 'open' AND (n.due_on IS DISTINCT FROM o.due_on OR n.state IS DISTINCT FROM o.state)
    ON CONFLICT (tenant_id, obligation_id) DO UPDATE SET planned_until = NULL, next_at = NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER obligations_replan AFTER UPDATE ON attest.obligations
    REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_changed_obligations();

-- Resets the cursors of these tenants' obligations and wakes each tenant whose
-- planning changed, once (LISTEN attest_changes, as for its obligations).
CREATE FUNCTION attest.reset_planning(tenants uuid[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    tenant uuid;
BEGIN
    FOR tenant IN
        WITH reset AS (
            UPDATE attest.reminder_planning SET planned_until = NULL, next_at = NULL
            WHERE tenant_id = ANY (tenants) AND next_at IS NOT NULL
            RETURNING tenant_id)
        SELECT DISTINCT tenant_id FROM reset
    LOOP
        PERFORM pg_notify('attest_changes', tenant::text);
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION attest.reset_planning(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.reset_planning(uuid[]) TO attest_app, attest_operator;

-- Runs as the role that changed the tenant (an operator): row-level security applies.
-- The 009 triggers on tenant_contacts and tenant_settings call it by name.
CREATE OR REPLACE FUNCTION attest.replan_tenants() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM attest.reset_planning(ARRAY(SELECT DISTINCT tenant_id FROM changed));
    RETURN NULL;
END $$;

-- The 009 trigger on tenants calls it by name.
CREATE OR REPLACE FUNCTION attest.replan_changed_tenants() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM attest.reset_planning(ARRAY(
        SELECT n.id FROM changed AS n JOIN previous AS o ON o.id = n.id
        WHERE n.time_zone IS DISTINCT FROM o.time_zone OR n.send_hour IS DISTINCT FROM o.send_hour));
    RETURN NULL;
END $$;
