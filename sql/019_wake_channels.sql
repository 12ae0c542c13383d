-- 019: a tenant's scheduler is woken on a channel of its own, named by a secret that
-- only the roles that may see the tenant can read (issue 15, item 2).
--
-- Until now every change was announced as NOTIFY attest_changes '<tenant id>': any
-- daemon role could LISTEN and learn every tenant's id and when its records change, and
-- any role could NOTIFY to wake every tenant's scheduler. Now each tenant has a channel
-- `attest_` + 32 random hex digits (from gen_random_uuid(), a strong random source),
-- stored on its attest.tenants row, which row-level security shows only to the
-- tenant's own daemon roles, the operators and the console sessions that reach it.
-- Notifications carry no payload. A role that cannot read the channel cannot wake the
-- tenant, and a notification that does arrive costs the tenant one ordinary pass.

ALTER TABLE attest.tenants
    ADD COLUMN wake_channel text NOT NULL DEFAULT 'attest_' || replace(gen_random_uuid()::text, '-', ''),
    ADD CONSTRAINT tenants_wake_channel_key UNIQUE (wake_channel),
    ADD CONSTRAINT tenants_wake_channel_format CHECK (wake_channel ~ '^attest_[0-9a-f]{32}$');

-- Wakes the schedulers of these tenants (those the caller can see), once each.
-- Runs as the caller: row-level security on attest.tenants decides which channels it
-- may learn, so a role wakes only tenants it could already read.
CREATE FUNCTION attest.wake_tenants(tenants uuid[]) RETURNS void
LANGUAGE sql VOLATILE SET search_path = pg_catalog AS $$
    SELECT pg_notify(t.wake_channel, '') FROM attest.tenants AS t WHERE t.id = ANY (tenants);
$$;
REVOKE ALL ON FUNCTION attest.wake_tenants(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.wake_tenants(uuid[]) TO attest_app, attest_operator, attest_console;

CREATE OR REPLACE FUNCTION attest.notify_obligation_changes() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    PERFORM attest.wake_tenants(ARRAY(SELECT DISTINCT tenant_id FROM changed));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION attest.reset_planning(tenants uuid[]) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    reset_tenants uuid[];
BEGIN
    WITH reset AS (
        UPDATE attest.reminder_planning SET planned_until = NULL, next_at = NULL
        WHERE tenant_id = ANY (tenants) AND next_at IS NOT NULL
        RETURNING tenant_id)
    SELECT array_agg(DISTINCT tenant_id) INTO reset_tenants FROM reset;
    PERFORM attest.wake_tenants(reset_tenants);
END $$;
