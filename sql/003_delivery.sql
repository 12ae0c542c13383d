-- 003: reminders (one per obligation, due date, stage and recipient) and deliveries
-- (one e-mail: the reminders due for one recipient in one send window). See
-- shared/design/DELIVERY.md: claimed with FOR UPDATE SKIP LOCKED and a lease,
-- finished only by the attempt that claimed them (fencing), rescued when the lease
-- expires.

CREATE TABLE attest.reminders (
    tenant_id      uuid        NOT NULL,
    id             uuid        NOT NULL DEFAULT gen_random_uuid(),
    obligation_id  uuid        NOT NULL,
    due_on         date        NOT NULL,
    stage          text        NOT NULL,
    recipient      text        NOT NULL,
    recipient_role text        NOT NULL,
    send_on        date        NOT NULL,
    send_at        timestamptz NOT NULL,
    state          text        NOT NULL DEFAULT 'pending',
    delivery_id    uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT reminders_key UNIQUE (tenant_id, obligation_id, due_on, stage, recipient),
    FOREIGN KEY (tenant_id, obligation_id) REFERENCES attest.obligations (tenant_id, id),
    CONSTRAINT reminders_state_known CHECK (state IN ('pending', 'queued', 'sent', 'cancelled')),
    CONSTRAINT reminders_role_known CHECK (recipient_role IN ('responsible', 'agency_operator'))
);
CREATE INDEX reminders_pending_idx ON attest.reminders (tenant_id, send_at) WHERE state = 'pending';
CREATE INDEX reminders_delivery_idx ON attest.reminders (tenant_id, delivery_id);

CREATE TABLE attest.deliveries (
    tenant_id       uuid        NOT NULL REFERENCES attest.tenants (id),
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    key             text        NOT NULL,
    recipient       text        NOT NULL,
    message_id      text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending',
    attempt         integer     NOT NULL DEFAULT 0,
    unknown_count   integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz,
    claimed_by      text,
    last_code       integer,
    last_reply      text,
    sent_at         timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT deliveries_key UNIQUE (tenant_id, key),
    CONSTRAINT deliveries_state_known CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled'))
);
CREATE INDEX deliveries_pending_idx ON attest.deliveries (tenant_id, next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_sending_idx ON attest.deliveries (tenant_id, locked_until) WHERE state = 'sending';
CREATE INDEX deliveries_failed_idx ON attest.deliveries (tenant_id, created_at) WHERE state IN ('failed', 'unknown');

-- Queue tables churn: vacuum them early.
ALTER TABLE attest.reminders SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE attest.deliveries SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

SELECT attest.isolate_tenant_table(t) FROM unnest(ARRAY['attest.reminders', 'attest.deliveries']::regclass[]) AS t;
GRANT SELECT, INSERT, UPDATE ON attest.reminders, attest.deliveries TO attest_app, attest_operator;

-- Wake the tenant's scheduler when its obligations change (LISTEN attest_changes).
-- Identical notifications of one transaction are delivered once.
CREATE FUNCTION attest.notify_obligation_changes() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM pg_notify('attest_changes', t.tenant_id::text) FROM (SELECT DISTINCT tenant_id FROM changed) AS t;
    RETURN NULL;
END $$;
CREATE TRIGGER obligations_notify_insert AFTER INSERT ON attest.obligations
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.notify_obligation_changes();
CREATE TRIGGER obligations_notify_update AFTER UPDATE ON attest.obligations
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION attest.notify_obligation_changes();
