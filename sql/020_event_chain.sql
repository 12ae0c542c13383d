-- 020: a trustworthy event trail (issue 15, item 9).
--
-- An application role could insert events with a made-up actor, a back-dated `at` or
-- an id of its choosing. Now:
--   * the roles may name only tenant_id, actor, action, subject_kind, subject_id and
--     details (column privileges): an id, a time or a role given by the caller is
--     refused with "permission denied";
--   * a BEFORE INSERT trigger sets `at` to clock_timestamp() and records the login role
--     (session_user) in `db_role`, beside the actor the application claims;
--   * each tenant's events form a hash chain, kept in attest.event_links, which no
--     application role may write: `chain_seq` counts the events 1, 2, 3 … in the order
--     they were committed, `prev_hash` is the previous link's `hash` (32 zero bytes for
--     the first), and `hash` is the SHA-256 of `prev_hash` and the event's fields
--     (attest.event_hash). The links are made when the transaction commits (a deferred
--     trigger), one writer of a tenant at a time (a transaction-scoped advisory lock
--     taken then): a transaction holds that lock only while it commits, after every row
--     lock it takes, so writers never wait for each other in a cycle.
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

ALTER TABLE attest.events ADD COLUMN db_role text;

-- The chain: one link per event, in commit order.
CREATE TABLE attest.event_links (
    tenant_id uuid   NOT NULL,
    chain_seq bigint NOT NULL,
    event_id  bigint NOT NULL,
    prev_hash bytea  NOT NULL,
    hash      bytea  NOT NULL,
    PRIMARY KEY (tenant_id, chain_seq),
    -- No foreign key to attest.events: its check cost a third of the linking's time, and
    -- `attest events verify` reports a link whose event is gone.
    CONSTRAINT event_links_event_key UNIQUE (tenant_id, event_id),
    CONSTRAINT event_links_hash_is_sha256 CHECK (octet_length(hash) = 32 AND octet_length(prev_hash) = 32)
);
SELECT attest.isolate_tenant_table('attest.event_links');
-- Only the owner writes links (through the SECURITY DEFINER trigger function below).
CREATE POLICY owner_links ON attest.event_links TO attest_owner USING (true) WITH CHECK (true);
GRANT SELECT ON attest.event_links TO attest_app, attest_operator;
CREATE POLICY console_scope ON attest.event_links FOR SELECT TO attest_console
    USING ((SELECT attest.console_sees_all()) OR tenant_id = ANY ((SELECT attest.console_tenants())::uuid[]));
GRANT SELECT ON attest.event_links TO attest_console;
CREATE TRIGGER event_links_append_only BEFORE UPDATE OR DELETE ON attest.event_links
    FOR EACH ROW EXECUTE FUNCTION attest.refuse_event_change();
CREATE TRIGGER event_links_no_truncate BEFORE TRUNCATE ON attest.event_links
    FOR EACH STATEMENT EXECUTE FUNCTION attest.refuse_event_change();

-- The events written so far join the chain in the order of their ids. Row-level
-- security is forced even for the owner, who runs this, and the append-only trigger
-- refuses updates: both are lifted for the backfill only, inside this transaction.
ALTER TABLE attest.events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.events DISABLE TRIGGER events_append_only;
UPDATE attest.events SET db_role = '(before migration 020)';
ALTER TABLE attest.events ENABLE TRIGGER events_append_only;
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
        INSERT INTO attest.event_links (tenant_id, chain_seq, event_id, prev_hash, hash)
        VALUES (event.tenant_id, seq, event.id, previous,
                attest.event_hash(previous, event.tenant_id, event.id, seq, event.at, event.actor, event.db_role,
                                  event.action, event.subject_kind, event.subject_id, event.details))
        RETURNING hash INTO previous;
    END LOOP;
END $$;
ALTER TABLE attest.events FORCE ROW LEVEL SECURITY;
ALTER TABLE attest.events ALTER COLUMN db_role SET NOT NULL;

-- Time and login role are the database's, whatever the INSERT said.
CREATE FUNCTION attest.stamp_event() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    NEW.at := clock_timestamp();
    NEW.db_role := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER events_stamp BEFORE INSERT ON attest.events
    FOR EACH ROW EXECUTE FUNCTION attest.stamp_event();

-- Links an event to its tenant's chain when its transaction commits. SECURITY DEFINER:
-- the roles that write events may not write links.
CREATE FUNCTION attest.link_event() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    previous record;
    seq bigint;
    previous_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('attest.events ' || NEW.tenant_id::text, 0));
    SELECT l.chain_seq, l.hash INTO previous FROM attest.event_links AS l
    WHERE l.tenant_id = NEW.tenant_id ORDER BY l.chain_seq DESC LIMIT 1;
    seq := coalesce(previous.chain_seq, 0) + 1;
    previous_hash := coalesce(previous.hash, attest.event_chain_genesis());
    INSERT INTO attest.event_links (tenant_id, chain_seq, event_id, prev_hash, hash)
    VALUES (NEW.tenant_id, seq, NEW.id, previous_hash,
            attest.event_hash(previous_hash, NEW.tenant_id, NEW.id, seq, NEW.at, NEW.actor, NEW.db_role,
                              NEW.action, NEW.subject_kind, NEW.subject_id, NEW.details));
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION attest.link_event() FROM PUBLIC;
CREATE CONSTRAINT TRIGGER events_link AFTER INSERT ON attest.events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION attest.link_event();

-- The roles name only what an event says, never its id, time or role.
REVOKE INSERT ON attest.events FROM attest_app, attest_operator, attest_console;
GRANT INSERT (tenant_id, actor, action, subject_kind, subject_id, details) ON attest.events
    TO attest_app, attest_operator, attest_console;
