-- 008: the investigate step of the tip protocol. `investigated_on` is the day the
-- investigation of a tip started (`attest tip investigate`); it completes the tip's
-- `tip_investigate` obligation. Obligation kinds are not constrained in SQL, so the new
-- kind needs no other change here.

ALTER TABLE attest.tips
    ADD COLUMN investigated_on date,
    ADD CONSTRAINT tips_investigated_in_order CHECK (investigated_on IS NULL OR investigated_on >= received_on);
