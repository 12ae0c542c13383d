-- 022: safeguards against discrimination in hiring (issue 18, items 8 and 9).
--
--   * A hire without an E-Verify case records why, from a fixed list
--     (`no_everify_reason`): E-Verify is never used selectively.
--   * `offer_accepted_on`: an E-Verify case created before the offer was accepted, or
--     before Section 1 or 2 was completed, is pre-screening.
--   * attest.hire_exceptions keeps what the records show was not followed, one row per
--     hire and kind, derived by the application each time a hire is saved (the rules
--     live in Sources/Compliance/HiringSafeguards.swift). `attest status`, the agenda
--     and the annual report read it. Rows for the hires stored before this migration
--     are derived here once, by the same rules.

ALTER TABLE attest.hires
    ADD COLUMN offer_accepted_on  date,
    ADD COLUMN no_everify_reason  text,
    ADD CONSTRAINT hires_no_everify_reason_known CHECK (no_everify_reason IN
        ('employed_before_mou', 'existing_employee_federal_contract', 'rehire_previously_verified')),
    ADD CONSTRAINT hires_no_everify_reason_without_case CHECK (no_everify_reason IS NULL OR NOT everify_required),
    ADD CONSTRAINT hires_offer_not_after_start CHECK (offer_accepted_on IS NULL OR offer_accepted_on <= start_date);

CREATE TABLE attest.hire_exceptions (
    tenant_id  uuid NOT NULL,
    hire_id    text NOT NULL,
    kind       text NOT NULL,
    detail     text NOT NULL,
    PRIMARY KEY (tenant_id, hire_id, kind),
    FOREIGN KEY (tenant_id, hire_id) REFERENCES attest.hires (tenant_id, external_id),
    CONSTRAINT hire_exceptions_kind_known CHECK (kind IN
        ('no_case_without_reason', 'case_before_offer_accepted', 'case_before_i9_completed', 'section1_before_offer_accepted'))
);
SELECT attest.isolate_tenant_table('attest.hire_exceptions');
GRANT SELECT, INSERT, UPDATE, DELETE ON attest.hire_exceptions TO attest_app, attest_operator;
CREATE POLICY console_scope ON attest.hire_exceptions FOR SELECT TO attest_console
    USING ((SELECT attest.console_sees_all()) OR tenant_id = ANY ((SELECT attest.console_tenants())::uuid[]));
CREATE POLICY console_write ON attest.hire_exceptions TO attest_console
    USING (tenant_id = (SELECT attest.console_write_tenant())) WITH CHECK (tenant_id = (SELECT attest.console_write_tenant()));
GRANT SELECT, INSERT, UPDATE, DELETE ON attest.hire_exceptions TO attest_console;

-- The owner has no policy on these tables: lift FORCE while the existing hires are
-- judged (the only exceptions old records can show: no case without a reason, and a
-- case created before the Form I-9 sections recorded), then restore it.
ALTER TABLE attest.hires NO FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.i9_records NO FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.everify_cases NO FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.hire_exceptions NO FORCE ROW LEVEL SECURITY;
INSERT INTO attest.hire_exceptions (tenant_id, hire_id, kind, detail)
SELECT tenant_id, external_id, 'no_case_without_reason',
       'no E-Verify case and no recorded reason: E-Verify is used for every new hire, never selectively (E-Verify MOU Art. II.A.11)'
FROM attest.hires WHERE NOT everify_required;
INSERT INTO attest.hire_exceptions (tenant_id, hire_id, kind, detail)
SELECT h.tenant_id, h.external_id, 'case_before_i9_completed',
       format('E-Verify case created on %s, before Section %s of Form I-9 was completed on %s: a case follows the completed Form I-9 (E-Verify MOU Art. II.A.9–10)',
              c.created_on, CASE WHEN c.created_on < i.section1_completed_on THEN 1 ELSE 2 END,
              CASE WHEN c.created_on < i.section1_completed_on THEN i.section1_completed_on ELSE i.section2_completed_on END)
FROM attest.hires AS h
JOIN attest.i9_records AS i ON i.tenant_id = h.tenant_id AND i.hire_id = h.external_id
JOIN LATERAL (SELECT e.created_on FROM attest.everify_cases AS e WHERE e.tenant_id = h.tenant_id AND e.hire_id = h.external_id
              ORDER BY e.created_on DESC, e.case_number LIMIT 1) AS c ON true
WHERE c.created_on < i.section1_completed_on OR c.created_on < i.section2_completed_on;
ALTER TABLE attest.hires FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.i9_records FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.everify_cases FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.hire_exceptions FORCE ROW LEVEL SECURITY;
