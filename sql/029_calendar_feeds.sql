-- 029: calendar feeds (issue 16, item 3). A feed is an RFC 5545 iCalendar document the
-- daemon serves at a secret address, GET /t/SLUG/calendar/TOKEN.ics: the tenant's open
-- obligations, or those of one person (the work they are responsible for), one all-day
-- event each. Only the token's SHA-256 is stored; `attest calendar feed create` prints the
-- token once. Feeds are tenant rows like any other: row-level security keeps each
-- tenant's, and a daemon role reads only the feeds of the tenants it hosts.
CREATE TABLE attest.calendar_feeds (
    tenant_id   uuid        NOT NULL REFERENCES attest.tenants (id),
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    token_hash  bytea       NOT NULL,
    person_id   text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT calendar_feeds_token_hash_key UNIQUE (tenant_id, token_hash),
    CONSTRAINT calendar_feeds_hash_is_sha256 CHECK (octet_length(token_hash) = 32),
    FOREIGN KEY (tenant_id, person_id) REFERENCES attest.people (tenant_id, external_id)
);
SELECT attest.isolate_tenant_table('attest.calendar_feeds');
GRANT SELECT ON attest.calendar_feeds TO attest_app;
GRANT SELECT, INSERT, UPDATE ON attest.calendar_feeds TO attest_operator;
