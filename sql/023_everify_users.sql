-- 023: people who use E-Verify (issue 18, item 7). A person with the role
-- `everify_user` creates and closes E-Verify cases: like a Section 2 preparer or a
-- reviewer, they may not be the internal auditor of the I-9 process.
ALTER TABLE attest.people
    DROP CONSTRAINT people_roles_known,
    ADD CONSTRAINT people_roles_known CHECK (roles <@ ARRAY['i9_preparer', 'i9_reviewer', 'everify_user', 'auditor', 'contact', 'hr', 'operator']::text[]);
