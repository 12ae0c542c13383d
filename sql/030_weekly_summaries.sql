-- 030: the weekly summary to the agency's operators (issue 16, item 4). Each Monday at
-- its send hour in its own time zone, each operator (or escalation) contact of any
-- tenant receives one e-mail about all the tenants they are a contact of: overdue work
-- by tenant, what is due this week, failed deliveries, and tenants whose daemon has not
-- passed in the last hour.
--
-- A summary spans tenants, so it is the operator role's work (`attest summary send`,
-- run by a timer), not a tenant daemon's: a daemon role sees only its own tenants. Like a
-- delivery, each summary is a row with its own key, (email, week): made once, claimed
-- with FOR UPDATE SKIP LOCKED and a lease, finished only by the attempt that claimed it
-- (a fencing token), with a Message-ID fixed by its key; so several hosts or processes
-- running the command send it once, and a crash resends the same message at most.

CREATE TABLE attest.operator_summary_settings (
    email      text     PRIMARY KEY,
    time_zone  text     NOT NULL DEFAULT 'America/New_York',
    send_hour  smallint NOT NULL DEFAULT 8,
    CONSTRAINT operator_summary_settings_email_lower CHECK (email = lower(email)),
    CONSTRAINT operator_summary_settings_send_hour_range CHECK (send_hour BETWEEN 0 AND 23)
);
-- The time zone must be one PostgreSQL knows, as a tenant's (001's check).
CREATE TRIGGER operator_summary_settings_time_zone_known
    BEFORE INSERT OR UPDATE OF time_zone ON attest.operator_summary_settings
    FOR EACH ROW EXECUTE FUNCTION attest.check_tenant_time_zone();

CREATE TABLE attest.weekly_summaries (
    email           text        NOT NULL,
    week            date        NOT NULL,
    message_id      text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending',
    attempt         integer     NOT NULL DEFAULT 0,
    claimed_by      text,
    locked_until    timestamptz,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    last_reply      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (email, week),
    CONSTRAINT weekly_summaries_state_known CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    CONSTRAINT weekly_summaries_week_is_monday CHECK (extract(isodow FROM week) = 1)
);
CREATE INDEX weekly_summaries_due_idx ON attest.weekly_summaries (next_attempt_at) WHERE state IN ('pending', 'sending');

GRANT SELECT, INSERT, UPDATE, DELETE ON attest.operator_summary_settings TO attest_operator;
GRANT SELECT, INSERT, UPDATE ON attest.weekly_summaries TO attest_operator;

-- Operators only: no tenant's daemon or console reads them.
ALTER TABLE attest.operator_summary_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE attest.operator_summary_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON attest.operator_summary_settings TO attest_operator USING (true) WITH CHECK (true);
CREATE POLICY no_daemon_access ON attest.operator_summary_settings TO attest_app USING (false) WITH CHECK (false);
ALTER TABLE attest.weekly_summaries ENABLE ROW LEVEL SECURITY;
ALTER TABLE attest.weekly_summaries FORCE ROW LEVEL SECURITY;
CREATE POLICY operator_scope ON attest.weekly_summaries TO attest_operator USING (true) WITH CHECK (true);
CREATE POLICY no_daemon_access ON attest.weekly_summaries TO attest_app USING (false) WITH CHECK (false);
