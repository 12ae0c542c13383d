-- 028: reminders reach the person who must act (issue 16, items 1 and 2).
--
-- Each obligation has people responsible for it, worked out from the records by the
-- application (Sources/Storage/Routing): a hire's assigned preparer (new
-- hires.preparer_id), the people with a role (i9_preparer, i9_reviewer, everify_user,
-- auditor, hr, and the new tip_handler), the person whose training expires, the
-- internal auditor. The tenant's compliance contacts are the fallback. An escalation
-- ladder (tenant setting `escalation`) adds the compliance contacts from an overdue
-- stage and the agency's operator contacts from a later one. A reminder row now says
-- which step of the ladder reached its recipient (`recipient_role`: assignee, contact,
-- agency_operator; `responsible` remains on rows planned before this migration) and
-- why (`reason`).
--
-- When who is responsible changes (a hire's preparer, a Form I-9's preparer or
-- reviewer, a person's roles or e-mail address, an audit's auditor), the obligations
-- concerned are planned again: the scheduler's next pass plans their reminders for the
-- people responsible now, and cancels the pending ones of people who no longer are.

ALTER TABLE attest.hires
    ADD COLUMN preparer_id text,
    ADD CONSTRAINT hires_tenant_id_preparer_id_fkey FOREIGN KEY (tenant_id, preparer_id) REFERENCES attest.people (tenant_id, external_id);

ALTER TABLE attest.people
    DROP CONSTRAINT people_roles_known,
    ADD CONSTRAINT people_roles_known CHECK (roles <@ ARRAY['i9_preparer', 'i9_reviewer', 'everify_user', 'auditor', 'contact', 'hr',
                                                            'operator', 'tip_handler']::text[]);

ALTER TABLE attest.reminders
    DROP CONSTRAINT reminders_role_known,
    ADD CONSTRAINT reminders_role_known CHECK (recipient_role IN ('assignee', 'contact', 'agency_operator', 'responsible')),
    ADD COLUMN reason text NOT NULL DEFAULT '';

-- Plans again the open obligations of these subjects (as the role that changed them:
-- row-level security applies), and wakes the tenant once.
CREATE FUNCTION attest.replan_subjects(for_tenant uuid, for_kind text, for_ids text[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    UPDATE attest.reminder_planning AS p SET planned_until = NULL, next_at = NULL
    FROM attest.obligations AS o
    WHERE o.tenant_id = for_tenant AND o.subject_kind = for_kind AND o.subject_id = ANY (for_ids) AND o.state = 'open'
      AND p.tenant_id = o.tenant_id AND p.obligation_id = o.id AND p.next_at IS NOT NULL;
    IF FOUND THEN
        PERFORM attest.wake_tenants(ARRAY[for_tenant]);
    END IF;
END $$;
REVOKE ALL ON FUNCTION attest.replan_subjects(uuid, text, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.replan_subjects(uuid, text, text[]) TO attest_app, attest_operator, attest_console;

-- A hire's assigned preparer changed.
CREATE FUNCTION attest.replan_reassigned_hires() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    t uuid;
    ids text[];
BEGIN
    FOR t, ids IN
        SELECT n.tenant_id, array_agg(n.external_id) FROM changed AS n
        JOIN previous AS o ON o.tenant_id = n.tenant_id AND o.external_id = n.external_id
        WHERE n.preparer_id IS DISTINCT FROM o.preparer_id GROUP BY n.tenant_id
    LOOP
        PERFORM attest.replan_subjects(t, 'hire', ids);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER hires_replan_reassigned AFTER UPDATE ON attest.hires
    REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_reassigned_hires();

-- A Form I-9's preparer or reviewer was recorded or changed.
CREATE FUNCTION attest.replan_reassigned_i9s() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    t uuid;
    ids text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        FOR t, ids IN
            SELECT n.tenant_id, array_agg(n.hire_id) FROM changed AS n
            WHERE n.preparer_id IS NOT NULL OR n.reviewer_id IS NOT NULL GROUP BY n.tenant_id
        LOOP
            PERFORM attest.replan_subjects(t, 'hire', ids);
        END LOOP;
    ELSE
        FOR t, ids IN
            SELECT n.tenant_id, array_agg(n.hire_id) FROM changed AS n
            JOIN previous AS o ON o.tenant_id = n.tenant_id AND o.hire_id = n.hire_id
            WHERE (n.preparer_id, n.reviewer_id) IS DISTINCT FROM (o.preparer_id, o.reviewer_id) GROUP BY n.tenant_id
        LOOP
            PERFORM attest.replan_subjects(t, 'hire', ids);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER i9_records_replan_inserted AFTER INSERT ON attest.i9_records
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_reassigned_i9s();
CREATE TRIGGER i9_records_replan_reassigned AFTER UPDATE ON attest.i9_records
    REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_reassigned_i9s();

-- People's roles and addresses route every kind of work: their tenants plan again.
CREATE FUNCTION attest.replan_people_tenants() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM attest.reset_planning(ARRAY(
            SELECT DISTINCT n.tenant_id FROM changed AS n
            JOIN previous AS o ON o.tenant_id = n.tenant_id AND o.external_id = n.external_id
            WHERE (n.email, n.roles, n.name) IS DISTINCT FROM (o.email, o.roles, o.name)));
    ELSE
        PERFORM attest.reset_planning(ARRAY(SELECT DISTINCT tenant_id FROM changed));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER people_replan_inserted AFTER INSERT ON attest.people
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_people_tenants();
CREATE TRIGGER people_replan_updated AFTER UPDATE ON attest.people
    REFERENCING NEW TABLE AS changed OLD TABLE AS previous FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_people_tenants();
CREATE TRIGGER people_replan_deleted AFTER DELETE ON attest.people
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_people_tenants();

-- An audit's auditor: the tenant's annual audit obligations plan again.
CREATE FUNCTION attest.replan_audits() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    t uuid;
BEGIN
    FOR t IN SELECT DISTINCT tenant_id FROM changed LOOP
        PERFORM attest.replan_subjects(t, 'tenant', ARRAY['tenant']);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER audits_replan_inserted AFTER INSERT ON attest.audits
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_audits();
CREATE TRIGGER audits_replan_updated AFTER UPDATE ON attest.audits
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.replan_audits();
