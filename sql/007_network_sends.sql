-- 007: every e-mail of the IMAGE guidelines to a hiring-network company, with the
-- server's reply. A success also records the year's communication
-- (attest.network_communications), which completes the company's obligation; a
-- failure leaves the obligation open, so its reminders continue.

CREATE TABLE attest.network_sends (
    tenant_id    uuid        NOT NULL,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    company_id   text        NOT NULL,
    year         integer     NOT NULL,
    recipient    text,
    message_id   text        NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    outcome      text        NOT NULL,
    reply_code   integer,
    reply        text        NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, company_id) REFERENCES attest.network_companies (tenant_id, company_id),
    CONSTRAINT network_sends_outcome_known CHECK (outcome IN ('accepted', 'transient_failure', 'permanent_failure', 'unknown', 'no_address'))
);
CREATE INDEX network_sends_company_idx ON attest.network_sends (tenant_id, company_id, year);

SELECT attest.isolate_tenant_table('attest.network_sends');
GRANT SELECT, INSERT ON attest.network_sends TO attest_app, attest_operator;
