-- 024: no adverse action while a TNC is pending (issue 18, item 11). A termination
-- recorded while the hire's E-Verify TNC is pending must give a reason unrelated to the
-- TNC (`termination_reason`), and is flagged for review (`terminated_during_tnc`).
ALTER TABLE attest.hires
    ADD COLUMN termination_reason text,
    ADD CONSTRAINT hires_termination_reason_needs_date CHECK (termination_reason IS NULL OR termination_date IS NOT NULL);
ALTER TABLE attest.hire_exceptions
    DROP CONSTRAINT hire_exceptions_kind_known,
    ADD CONSTRAINT hire_exceptions_kind_known CHECK (kind IN
        ('no_case_without_reason', 'case_before_offer_accepted', 'case_before_i9_completed', 'section1_before_offer_accepted',
         'terminated_during_tnc'));
