-- 005: the public tip form. A tip's text and the reporter's contact are stored only
-- sealed (AES-GCM: nonce ‖ ciphertext ‖ tag) under a key that lives in the daemon's
-- configuration, never here; `key_id` names that key (a fingerprint, not the key).
-- The receipt code the reporter keeps is stored only as its SHA-256. The agency's
-- public answer is the one text the reporter may read back. No column holds an IP
-- address or a user agent.

ALTER TABLE attest.tips
    ADD COLUMN language       text NOT NULL DEFAULT 'en',
    ADD COLUMN public_answer  text NOT NULL DEFAULT '',
    ADD COLUMN receipt_hash   bytea,
    ADD COLUMN sealed_text    bytea,
    ADD COLUMN sealed_contact bytea,
    ADD COLUMN key_id         text,
    ADD CONSTRAINT tips_language_known CHECK (language IN ('en', 'es')),
    ADD CONSTRAINT tips_receipt_hash_size CHECK (receipt_hash IS NULL OR octet_length(receipt_hash) = 32),
    ADD CONSTRAINT tips_sealed_minimum CHECK (
        (sealed_text IS NULL OR octet_length(sealed_text) >= 28)
        AND (sealed_contact IS NULL OR octet_length(sealed_contact) >= 28)),
    ADD CONSTRAINT tips_sealed_names_key CHECK (
        (sealed_text IS NULL AND sealed_contact IS NULL) OR coalesce(key_id, '') <> ''),
    ADD CONSTRAINT tips_public_answer_size CHECK (char_length(public_answer) <= 4000);

CREATE UNIQUE INDEX tips_receipt ON attest.tips (tenant_id, receipt_hash) WHERE receipt_hash IS NOT NULL;
