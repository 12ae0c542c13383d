-- 025: remote examination of documents (DHS alternative procedure; issue 18, item 12).
-- A hire records whether its documents were examined remotely, and the site it was
-- hired for: the procedure is open only to E-Verify employers in good standing (the
-- tenant setting `eVerifyGoodStanding`), and the annual report shows per site whether
-- it was used consistently.
ALTER TABLE attest.hires
    ADD COLUMN remote_examination boolean NOT NULL DEFAULT false,
    ADD COLUMN site text,
    ADD CONSTRAINT hires_site_format CHECK (site ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    ADD CONSTRAINT hires_remote_examination_with_case CHECK (NOT remote_examination OR everify_required);
