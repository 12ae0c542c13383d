-- 020: a trustworthy event trail (issue 15, item 9).
--
-- An application role could insert events with a made-up actor, a back-dated `at` or
-- an id of its choosing. Now:
--   * the roles may name only tenant_id, actor, action, subject_kind, subject_id and
--     details (column privileges): an id, a time or a link given by the caller is
--     refused with "permission denied";
--   * a BEFORE INSERT trigger sets `at` to clock_timestamp() and records the login role
--     (session_user) in `db_role`, beside the actor the application claims;
--   * each tenant's events form a hash chain: `chain_seq` counts them 1, 2, 3 … in the
--     order they were written, `prev_hash` is the previous event's `hash` (32 zero bytes
--     for the first), and `hash` is the SHA-256 of `prev_hash` and the event's fields
--     (attest.event_hash). Writers of one tenant's events take turns (a transaction-scoped
--     advisory lock) from their first event to their commit.
-- `attest events verify --tenant SLUG` recomputes the chain and names the first event
-- that was changed, removed or inserted out of turn, e.g. by a superuser's UPDATE. The
-- chain cannot tell a rewrite of the whole chain from the original: that is what the
-- head hash `verify` prints is for, kept outside the database and checked later with
-- `--anchor SEQ:HASH`.

-- The hash of an event from its predecessor's hash and its own fields; `at` as
-- microseconds since the epoch, so that the session's time zone does not matter.
CREATE FUNCTION attest.event_hash(prev_hash bytea, tenant_id uuid, id bigint, chain_seq bigint, at timestamptz,
                                  actor text, db_role text, action text, subject_kind text, subject_id text,
                                  details jsonb) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
    SELECT sha256(prev_hash || convert_to(jsonb_build_array(
        tenant_id, id, chain_seq, (extract(epoch FROM at) * 1000000)::bigint, actor, db_role, action,
        subject_kind, subject_id, details)::text, 'UTF8'));
$$;

-- What the first event of a tenant's chain follows.
CREATE FUNCTION attest.event_chain_genesis() RETURNS bytea
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
    SELECT decode(repeat('00', 32), 'hex');
$$;

ALTER TABLE attest.events
    ADD COLUMN db_role   text,
    ADD COLUMN chain_seq bigint,
    ADD COLUMN prev_hash bytea,
    ADD COLUMN hash      bytea;

-- The events written so far join the chain in the order of their ids. Row-level
-- security is forced even for the owner, who runs this, and the append-only trigger
-- refuses updates: both are lifted for the backfill only, inside this transaction.
ALTER TABLE attest.events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.events DISABLE TRIGGER events_append_only;
DO $$
DECLARE
    event record;
    previous bytea;
    previous_tenant uuid;
    seq bigint;
BEGIN
    FOR event IN SELECT * FROM attest.events ORDER BY tenant_id, id LOOP
        IF previous_tenant IS DISTINCT FROM event.tenant_id THEN
            previous := attest.event_chain_genesis();
            previous_tenant := event.tenant_id;
            seq := 0;
        END IF;
        seq := seq + 1;
        UPDATE attest.events AS e
        SET db_role = '(before migration 020)', chain_seq = seq, prev_hash = previous,
            hash = attest.event_hash(previous, e.tenant_id, e.id, seq, e.at, e.actor, '(before migration 020)',
                                     e.action, e.subject_kind, e.subject_id, e.details)
        WHERE e.tenant_id = event.tenant_id AND e.id = event.id
        RETURNING e.hash INTO previous;
    END LOOP;
END $$;
ALTER TABLE attest.events ENABLE TRIGGER events_append_only;
ALTER TABLE attest.events FORCE ROW LEVEL SECURITY;

ALTER TABLE attest.events
    ALTER COLUMN db_role SET NOT NULL,
    ALTER COLUMN chain_seq SET NOT NULL,
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL,
    ADD CONSTRAINT events_chain_seq_key UNIQUE (tenant_id, chain_seq),
    ADD CONSTRAINT events_hash_is_sha256 CHECK (octet_length(hash) = 32 AND octet_length(prev_hash) = 32);

-- Time, login role and link are the database's, whatever the INSERT said.
CREATE FUNCTION attest.chain_event() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
DECLARE
    previous record;
BEGIN
    NEW.at := clock_timestamp();
    NEW.db_role := session_user;
    PERFORM pg_advisory_xact_lock(hashtextextended('attest.events ' || NEW.tenant_id::text, 0));
    SELECT e.chain_seq, e.hash INTO previous FROM attest.events AS e
    WHERE e.tenant_id = NEW.tenant_id ORDER BY e.chain_seq DESC LIMIT 1;
    NEW.chain_seq := coalesce(previous.chain_seq, 0) + 1;
    NEW.prev_hash := coalesce(previous.hash, attest.event_chain_genesis());
    NEW.hash := attest.event_hash(NEW.prev_hash, NEW.tenant_id, NEW.id, NEW.chain_seq, NEW.at, NEW.actor, NEW.db_role,
                                  NEW.action, NEW.subject_kind, NEW.subject_id, NEW.details);
    RETURN NEW;
END $$;
CREATE TRIGGER events_chain BEFORE INSERT ON attest.events
    FOR EACH ROW EXECUTE FUNCTION attest.chain_event();

-- The roles name only what an event says, never its id, time or link.
REVOKE INSERT ON attest.events FROM attest_app, attest_operator, attest_console;
GRANT INSERT (tenant_id, actor, action, subject_kind, subject_id, details) ON attest.events
    TO attest_app, attest_operator, attest_console;
