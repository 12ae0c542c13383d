-- 027: each tenant's own tip key (issue 15, item 6).
--
-- Until now one symmetric key (ATTEST_TIP_KEY_FILE) sealed and opened every tenant's
-- tips, and every daemon that took tips held it. Now each tenant has an X25519 key
-- pair: the public half is stored here, and the daemon seals a tip with it (HPKE) but
-- cannot open one; the private half is a file in the key directory of the machines
-- that open tips (ATTEST_TIP_KEY_DIR: the operators' command line, the console), never
-- in the database. `attest tip key rotate` makes a new pair, re-seals every tip of the
-- tenant in one transaction (tips sealed with the old symmetric key included), and
-- retires the previous key. A tip's `key_id` names the key that opens it.
--
-- One key per tenant is active; a seal locks it FOR SHARE, so a rotation (which locks
-- it FOR UPDATE) waits for seals in flight and every later seal uses the new key.

CREATE TABLE attest.tip_keys (
    tenant_id  uuid        NOT NULL REFERENCES attest.tenants (id),
    key_id     text        NOT NULL,
    public_key bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz,
    PRIMARY KEY (tenant_id, key_id),
    CONSTRAINT tip_keys_key_id_format CHECK (key_id ~ '^[0-9a-f]{16}$'),
    CONSTRAINT tip_keys_public_key_size CHECK (octet_length(public_key) = 32)
);
CREATE UNIQUE INDEX tip_keys_one_active ON attest.tip_keys (tenant_id) WHERE retired_at IS NULL;
SELECT attest.isolate_tenant_table('attest.tip_keys');
GRANT SELECT, INSERT, UPDATE ON attest.tip_keys TO attest_app, attest_operator;
-- The console seals a recorded tip's text with the active public key.
CREATE POLICY console_scope ON attest.tip_keys FOR SELECT TO attest_console
    USING ((SELECT attest.console_sees_all()) OR tenant_id = ANY ((SELECT attest.console_tenants())::uuid[]));
GRANT SELECT ON attest.tip_keys TO attest_console;
-- console_seal_tip_text (SECURITY DEFINER) locks the active key as the owner.
CREATE POLICY owner_locks ON attest.tip_keys FOR SELECT TO attest_owner USING (true);
CREATE POLICY owner_locks_for_share ON attest.tip_keys FOR UPDATE TO attest_owner USING (true) WITH CHECK (false);

-- The tip form's CSRF tokens were keyed by a key derived from the shared tip key; each
-- tenant now has its own random secret (from gen_random_uuid(), a strong random
-- source), readable, like the tenant row, only by the tenant's own roles.
ALTER TABLE attest.tenants
    ADD COLUMN form_secret bytea NOT NULL DEFAULT uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());

-- A text the console records is sealed with the tenant's active key, and only while it
-- is active: a rotation that committed meanwhile makes the console seal again.
CREATE OR REPLACE FUNCTION attest.console_seal_tip_text(tenant uuid, tip text, sealed bytea, key text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- console_write_tenant()'s test, written out: as the owner, the tenants table shows no row.
    IF tenant::text IS DISTINCT FROM current_setting('attest.tenant_id', true)
       OR NOT (attest.console_sees_all() OR tenant = ANY (attest.console_tenants())) THEN
        RAISE EXCEPTION 'this console session may not record tips for this tenant' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM 1 FROM attest.tip_keys AS k WHERE k.tenant_id = tenant AND k.key_id = key AND k.retired_at IS NULL FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'tip key % is not the tenant''s active tip key (it was rotated meanwhile): try again', key
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE attest.tips AS t SET sealed_text = sealed, key_id = key
    WHERE t.tenant_id = tenant AND t.tip_id = tip AND t.sealed_text IS NULL AND (t.sealed_contact IS NULL OR t.key_id = key);
    RETURN FOUND;
END $$;
