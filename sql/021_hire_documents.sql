-- Form I-9 documents by list and kind, receipts by type, document extensions and the
-- last reverification (issue 18: temporary evidence of permanent residence, receipts,
-- automatic EAD extensions, reverification from List A or C, no over-documentation).
--
-- A hire keeps one document per list: List A alone, or List B with List C. A kind
-- `list_a`, `list_b` or `list_c` is a document of that list whose kind was not
-- recorded (every document stored before this migration).

ALTER TABLE attest.hires
    ADD COLUMN list_a_kind              text,
    ADD COLUMN list_a_expires           date,
    ADD COLUMN list_a_renewal_filed_on  date,
    ADD COLUMN list_a_extended_until    date,
    ADD COLUMN list_b_kind              text,
    ADD COLUMN list_b_expires           date,
    ADD COLUMN list_c_kind              text,
    ADD COLUMN list_c_expires           date,
    ADD COLUMN list_c_extended_until    date,
    ADD COLUMN receipt_kind             text,
    ADD COLUMN receipt_date             date;

-- The owner running this migration has no policy on attest.hires: under FORCE ROW
-- LEVEL SECURITY its UPDATE would see no row and move nothing. Lift FORCE while the
-- rows move (inside this migration's transaction), then restore it.
ALTER TABLE attest.hires NO FORCE ROW LEVEL SECURITY;
UPDATE attest.hires SET
    list_a_kind = CASE document_list WHEN 'a' THEN 'list_a' END,
    list_a_expires = CASE document_list WHEN 'a' THEN document_expires END,
    list_b_kind = CASE document_list WHEN 'b' THEN 'list_b' END,
    list_b_expires = CASE document_list WHEN 'b' THEN document_expires END,
    list_c_kind = CASE document_list WHEN 'c' THEN 'list_c' END,
    list_c_expires = CASE document_list WHEN 'c' THEN document_expires END,
    receipt_kind = CASE WHEN receipt_shown THEN 'replacement' END
WHERE document_list IS NOT NULL OR receipt_shown;
ALTER TABLE attest.hires FORCE ROW LEVEL SECURITY;

ALTER TABLE attest.hires
    DROP COLUMN document_list,
    DROP COLUMN document_expires,
    DROP COLUMN receipt_shown,
    ADD CONSTRAINT hires_list_a_kind_known CHECK (list_a_kind IN
        ('us_passport', 'permanent_resident_card', 'temporary_i551', 'ead', 'foreign_passport_i94', 'list_a')),
    ADD CONSTRAINT hires_list_b_kind_known CHECK (list_b_kind IN ('drivers_license', 'state_id', 'list_b')),
    ADD CONSTRAINT hires_list_c_kind_known CHECK (list_c_kind IN
        ('ssn_card', 'birth_certificate', 'dhs_employment_authorization', 'conditional_i551_with_i797', 'list_c')),
    ADD CONSTRAINT hires_list_a_alone CHECK (list_a_kind IS NULL OR (list_b_kind IS NULL AND list_c_kind IS NULL)),
    ADD CONSTRAINT hires_document_dates_need_kind CHECK (
        (list_a_kind IS NOT NULL OR (list_a_expires, list_a_renewal_filed_on, list_a_extended_until) IS NULL)
        AND (list_b_kind IS NOT NULL OR list_b_expires IS NULL)
        AND (list_c_kind IS NOT NULL OR (list_c_expires, list_c_extended_until) IS NULL)),
    ADD CONSTRAINT hires_one_list_a_extension CHECK (list_a_renewal_filed_on IS NULL OR list_a_extended_until IS NULL),
    ADD CONSTRAINT hires_receipt_kind_known CHECK (receipt_kind IN ('replacement', 'temporary_i551', 'refugee_i94', 'reverification')),
    ADD CONSTRAINT hires_receipt_date_needs_kind CHECK (receipt_kind IS NOT NULL OR receipt_date IS NULL);

ALTER TABLE attest.i9_records
    ADD COLUMN reverified_on            date,
    ADD COLUMN reverification_answered  date,
    ADD CONSTRAINT i9_reverification_complete CHECK ((reverified_on IS NULL) = (reverification_answered IS NULL));
