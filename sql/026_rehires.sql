-- 026: rehires on Supplement B (issue 18, item 6). A former employee rehired within
-- three years of the original Form I-9 may be recorded on Supplement B of that form
-- (8 CFR 274a.2(c)(1)): the hire's record continues, `rehired_on` notes the day, and no
-- new Section 1, Section 2 or E-Verify case is due. A rehire after three years, or on a
-- new Form I-9, is a new hire (a new record).
ALTER TABLE attest.hires
    ADD COLUMN rehired_on date,
    ADD CONSTRAINT hires_rehired_after_start CHECK (rehired_on IS NULL OR rehired_on > start_date);
