-- 011: the operators' web console (`attest console`): operator accounts and the tenants
-- each may see, server-side sessions, sign-in throttling, the accounts' own event
-- trail, the daemons' last scheduler pass, and row-level security for attest_console.
--
-- The console logs in as attest_console (deploy/roles.sql), neither an operator nor a
-- daemon role. Every console transaction names its session in the setting
-- `attest.console_session` (the hex SHA-256 of the cookie's id); the policies below
-- show attest_console the rows of the tenants that session's account may see: every
-- tenant for an admin, the assigned ones for a manager, none without a live,
-- signed-in session. So a console query that forgets its tenant still cannot read
-- another manager's client.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'attest_console') THEN
        RAISE EXCEPTION 'role attest_console does not exist: run deploy/roles.sql (idempotent) as a superuser, then migrate again';
    END IF;
END $$;

CREATE TABLE attest.operator_accounts (
    id                   uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email                text        NOT NULL,
    name                 text        NOT NULL,
    role                 text        NOT NULL,
    -- bcrypt (cost >= 12); never logged, never shown.
    password_hash        text        NOT NULL,
    -- A one-time password (new account, reset): the next sign-in must choose another.
    password_is_temporary boolean    NOT NULL DEFAULT true,
    -- The TOTP secret (RFC 6238), NULL until the account enrolls at its first sign-in.
    totp_secret          bytea,
    -- The last time step a code was accepted for: a code is never accepted twice.
    totp_last_step       bigint,
    disabled_at          timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by           text        NOT NULL DEFAULT current_user,
    CONSTRAINT operator_accounts_email_key UNIQUE (email),
    CONSTRAINT operator_accounts_email_format CHECK (email = lower(email) AND email ~ '^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$'),
    CONSTRAINT operator_accounts_name_length CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT operator_accounts_role_known CHECK (role IN ('admin', 'manager')),
    CONSTRAINT operator_accounts_bcrypt CHECK (password_hash ~ '^\$2[aby]\$(1[2-9]|2[0-9]|3[01])\$'),
    CONSTRAINT operator_accounts_totp_length CHECK (totp_secret IS NULL OR octet_length(totp_secret) BETWEEN 16 AND 64)
);

-- The tenants a manager may see (admins see every tenant).
CREATE TABLE attest.operator_account_tenants (
    tenant_id  uuid        NOT NULL REFERENCES attest.tenants (id),
    account_id uuid        NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, account_id)
);

-- Sessions, by the SHA-256 of a 256-bit random id (the cookie holds the id). A session
-- is `second_factor` after the password, `new_password` after the code of an account
-- whose password is temporary, `signed_in` after that. It ends at sign-out, at its
-- idle or absolute expiry, or when its account is disabled or its password reset.
CREATE TABLE attest.console_sessions (
    id_hash             bytea       PRIMARY KEY,
    account_id          uuid        NOT NULL REFERENCES attest.operator_accounts (id),
    stage               text        NOT NULL,
    -- The form token of this session (synchronizer token against cross-site posts).
    form_token          text        NOT NULL,
    -- A TOTP secret shown during enrolment, kept until a code proves it was stored.
    enrolling_secret    bytea,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_seen_at        timestamptz NOT NULL DEFAULT now(),
    idle_expires_at     timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    ended_at            timestamptz,
    CONSTRAINT console_sessions_hash_is_sha256 CHECK (octet_length(id_hash) = 32),
    CONSTRAINT console_sessions_stage_known CHECK (stage IN ('second_factor', 'new_password', 'signed_in'))
);
CREATE INDEX console_sessions_account_idx ON attest.console_sessions (account_id) WHERE ended_at IS NULL;

-- Failed sign-ins, by account e-mail and by source address (an IPv6 source by its /64),
-- read to throttle and lock out; pruned as they age out of the window.
CREATE TABLE attest.console_sign_in_failures (
    key text        NOT NULL,
    at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT console_sign_in_failures_key_format CHECK (key ~ '^(account|source):.{1,255}$')
);
CREATE INDEX console_sign_in_failures_key_idx ON attest.console_sign_in_failures (key, at);

-- The accounts' own append-only trail: sign-ins, failures, sign-outs, lockouts, and
-- what the `attest operator` commands did. The actor is the account (`account:EMAIL`)
-- or the operating-system user of a command (`os:USER`).
CREATE TABLE attest.account_events (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor      text        NOT NULL,
    action     text        NOT NULL,
    account_id uuid,
    details    jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX account_events_account_idx ON attest.account_events (account_id, id);
CREATE TRIGGER account_events_append_only BEFORE UPDATE OR DELETE ON attest.account_events
    FOR EACH ROW EXECUTE FUNCTION attest.refuse_event_change();
CREATE TRIGGER account_events_no_truncate BEFORE TRUNCATE ON attest.account_events
    FOR EACH STATEMENT EXECUTE FUNCTION attest.refuse_event_change();

-- The last scheduler pass of each tenant's daemon (any replica), so the console shows
-- a tenant whose daemon is down (NULL: none yet). One row per tenant from its creation
-- on, so that a pass only ever updates its row, at most every 15 seconds, and skips it
-- when another replica holds it: a pass never waits for this row.
CREATE TABLE attest.scheduler_passes (
    tenant_id uuid        PRIMARY KEY REFERENCES attest.tenants (id),
    passed_at timestamptz
);
INSERT INTO attest.scheduler_passes (tenant_id) SELECT id FROM attest.tenants;
CREATE FUNCTION attest.add_scheduler_pass_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    INSERT INTO attest.scheduler_passes (tenant_id) VALUES (NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER tenants_scheduler_pass_row AFTER INSERT ON attest.tenants
    FOR EACH ROW EXECUTE FUNCTION attest.add_scheduler_pass_row();
SELECT attest.isolate_tenant_table('attest.scheduler_passes');
GRANT SELECT, UPDATE ON attest.scheduler_passes TO attest_app;
GRANT SELECT, INSERT, UPDATE ON attest.scheduler_passes TO attest_operator;

-- The session named by `attest.console_session`, if it is signed in, unexpired, and its
-- account enabled. A malformed setting is no session, never an error.
CREATE FUNCTION attest.console_account() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
    SELECT s.account_id
    FROM attest.console_sessions AS s
    JOIN attest.operator_accounts AS a ON a.id = s.account_id
    WHERE current_setting('attest.console_session', true) ~ '^[0-9a-f]{64}$'
      AND s.id_hash = decode(current_setting('attest.console_session', true), 'hex')
      AND s.stage = 'signed_in' AND s.ended_at IS NULL
      AND now() < s.idle_expires_at AND now() < s.absolute_expires_at
      AND a.disabled_at IS NULL
$$;

-- Whether the session's account is an admin (sees every tenant).
CREATE FUNCTION attest.console_sees_all() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
    SELECT coalesce((SELECT a.role = 'admin' FROM attest.operator_accounts AS a WHERE a.id = attest.console_account()), false)
$$;

-- The tenants assigned to the session's account (a manager's).
CREATE FUNCTION attest.console_tenants() RETURNS uuid[]
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog AS $$
    SELECT coalesce(array_agg(t.tenant_id), '{}')
    FROM attest.operator_account_tenants AS t
    WHERE t.account_id = attest.console_account()
$$;
REVOKE ALL ON FUNCTION attest.console_account(), attest.console_sees_all(), attest.console_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION attest.console_account(), attest.console_sees_all(), attest.console_tenants() TO attest_console;

-- attest_console reads every tenant table through the session's scope. The two
-- functions are wrapped in sub-selects so that each runs once per query (an InitPlan),
-- not once per row: the overview reads a thousand tenants' obligations at once.
DO $$
DECLARE
    tbl regclass;
BEGIN
    FOR tbl IN
        SELECT DISTINCT p.polrelid::regclass FROM pg_catalog.pg_policy AS p
        JOIN pg_catalog.pg_attribute AS a ON a.attrelid = p.polrelid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE p.polname = 'tenant_scope' AND p.polrelid::regclass::text LIKE 'attest.%'
    LOOP
        EXECUTE format(
            'CREATE POLICY console_scope ON %s FOR SELECT TO attest_console '
            'USING ((SELECT attest.console_sees_all()) OR tenant_id = ANY ((SELECT attest.console_tenants())::uuid[]))', tbl);
        EXECUTE format('GRANT SELECT ON %s TO attest_console', tbl);
    END LOOP;
END $$;
CREATE POLICY console_scope ON attest.tenants FOR SELECT TO attest_console
    USING ((SELECT attest.console_sees_all()) OR id = ANY ((SELECT attest.console_tenants())::uuid[]));
GRANT SELECT ON attest.tenants TO attest_console;
CREATE POLICY console_reads ON attest.calendar_days FOR SELECT TO attest_console USING (true);
GRANT SELECT ON attest.calendar_days TO attest_console;
-- The sealed tip texts stay sealed: the console holds no tip key, and reads only metadata.
REVOKE SELECT ON attest.tips FROM attest_console;
GRANT SELECT (tenant_id, tip_id, received_on, channel, anonymous, status, acknowledged_on, responded_on, closed_on,
              protocol_steps, language, public_answer, investigated_on)
    ON attest.tips TO attest_console;

-- The console's own tables: forced RLS like every table; daemon roles see none of them.
DO $$
DECLARE
    tbl regclass;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['attest.operator_accounts', 'attest.operator_account_tenants', 'attest.console_sessions',
                               'attest.console_sign_in_failures', 'attest.account_events']::regclass[] LOOP
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
        EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
        EXECUTE format('CREATE POLICY operator_scope ON %s TO attest_operator USING (true) WITH CHECK (true)', tbl);
        EXECUTE format('CREATE POLICY console_scope ON %s TO attest_console USING (true) WITH CHECK (true)', tbl);
        EXECUTE format('CREATE POLICY no_daemon_access ON %s TO attest_app USING (false) WITH CHECK (false)', tbl);
    END LOOP;
END $$;

-- Operators (the `attest operator` commands) keep the accounts; the console may only
-- change what a signed-in account changes about itself: its password and second factor.
GRANT SELECT, INSERT, UPDATE ON attest.operator_accounts TO attest_operator;
GRANT SELECT, INSERT, DELETE ON attest.operator_account_tenants TO attest_operator;
GRANT SELECT, UPDATE ON attest.console_sessions TO attest_operator;
GRANT SELECT, INSERT ON attest.account_events TO attest_operator;
GRANT SELECT ON attest.operator_accounts TO attest_console;
GRANT UPDATE (password_hash, password_is_temporary, totp_secret, totp_last_step) ON attest.operator_accounts TO attest_console;
GRANT SELECT ON attest.operator_account_tenants TO attest_console;
GRANT SELECT, INSERT, UPDATE ON attest.console_sessions TO attest_console;
GRANT SELECT, INSERT, DELETE ON attest.console_sign_in_failures TO attest_console;
GRANT SELECT, INSERT ON attest.account_events TO attest_console;
