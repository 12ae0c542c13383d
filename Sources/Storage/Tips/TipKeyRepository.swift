import Foundation
import PostgresNIO

/// A tenant's tip keys (`attest.tip_keys`): the public half of every key pair it has
/// had, one of them active. The active key seals new tips; ``rotate(to:opening:context:connection:logger:)``
/// replaces it and re-seals every stored tip.
public struct TipKeyRepository: Sendable {
    public init() {}

    /// The tenant's active key, or nil when it has none yet. With `lock`, the key's row
    /// is locked FOR SHARE until the transaction ends, so a rotation waits for this seal
    /// to commit and a seal after a rotation gets the new key.
    public func activeKey(lock: Bool = true, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> TipPublicKey? {
        let tenant = context.tenant.id
        let rows = try await connection.query(lock
            ? "SELECT public_key FROM attest.tip_keys WHERE tenant_id = \(tenant) AND retired_at IS NULL FOR SHARE"
            : "SELECT public_key FROM attest.tip_keys WHERE tenant_id = \(tenant) AND retired_at IS NULL", logger: logger)
        for try await raw in rows.decode(Data.self) {
            return try TipPublicKey(rawRepresentation: raw)
        }
        return nil
    }

    /// What the public form needs of the tenant: its CSRF secret, and whether it has a
    /// key to seal tips with.
    public func formKeys(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> TipFormKeys {
        let rows = try await connection.query("""
            SELECT t.form_secret,
                   EXISTS (SELECT 1 FROM attest.tip_keys AS k WHERE k.tenant_id = t.id AND k.retired_at IS NULL)
            FROM attest.tenants AS t WHERE t.id = \(context.tenant.id)
            """, logger: logger)
        for try await (secret, hasKey) in rows.decode((Data, Bool).self) {
            return TipFormKeys(formSecret: secret, hasSealingKey: hasKey)
        }
        throw StorageError(.notFound, "tenant \(context.tenant.slug) is not visible to this role")
    }

    /// Every key the tenant's tips name, oldest first, with how many tips each seals:
    /// its key pairs, and the legacy symmetric key when tips still name it.
    public func list(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [TipKeyListing] {
        let rows = try await connection.query("""
            SELECT k.key_id, k.created_at, k.retired_at,
                   (SELECT count(*) FROM attest.tips AS t WHERE t.tenant_id = k.tenant_id AND t.key_id = k.key_id)::int
            FROM attest.tip_keys AS k WHERE k.tenant_id = \(context.tenant.id)
            UNION ALL
            SELECT t.key_id, NULL, NULL, count(*)::int FROM attest.tips AS t
            WHERE t.tenant_id = \(context.tenant.id) AND t.key_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM attest.tip_keys AS k WHERE k.tenant_id = t.tenant_id AND k.key_id = t.key_id)
            GROUP BY t.key_id
            ORDER BY 2 NULLS FIRST, 1
            """, logger: logger)
        var keys: [TipKeyListing] = []
        for try await (id, created, retired, tips) in rows.decode((String, Date?, Date?, Int).self) {
            let state: TipKeyListing.State = created == nil ? .legacy : retired == nil ? .active : .retired
            keys.append(TipKeyListing(keyID: id, state: state, createdAt: created, retiredAt: retired, tips: tips))
        }
        return keys
    }

    /// Makes `newKey` the tenant's active key, in the caller's transaction: every sealed
    /// tip is opened with `ring` and sealed again with `newKey`, the previous key is
    /// retired, and `tip.key_rotated` is appended. A tip that does not open stops it
    /// all (nothing changes), naming the tip and its key.
    public func rotate(to newKey: TipPublicKey, opening ring: TipKeyRing, context: TenantContext,
                       connection: PostgresConnection, logger: Logger) async throws -> TipKeyRotation {
        let tenant = context.tenant.id
        let retired = try await connection.query("""
            SELECT key_id FROM attest.tip_keys WHERE tenant_id = \(tenant) AND retired_at IS NULL FOR UPDATE
            """, logger: logger).decode(String.self).reduce(into: [String]()) { $0.append($1) }
        let sealed = try await sealedTips(tenant: tenant, connection: connection, logger: logger)
        let resealed = try TipResealing(ring: ring, newKey: newKey, tenant: tenant).reseal(sealed)
        for tip in resealed {
            try await connection.query("""
                UPDATE attest.tips SET sealed_text = \(tip.text), sealed_contact = \(tip.contact), key_id = \(newKey.keyID)
                WHERE tenant_id = \(tenant) AND tip_id = \(tip.tipID)
                """, logger: logger)
        }
        try await connection.query("""
            UPDATE attest.tip_keys SET retired_at = now() WHERE tenant_id = \(tenant) AND retired_at IS NULL
            """, logger: logger)
        try await connection.query("""
            INSERT INTO attest.tip_keys (tenant_id, key_id, public_key) VALUES (\(tenant), \(newKey.keyID), \(newKey.rawRepresentation))
            """, logger: logger)
        let opened = Set(sealed.map(\.keyID)).sorted()
        try await EventLog.append([Event(action: "tip.key_rotated", subjectKind: "tip_key", subjectID: newKey.keyID,
                                         details: ["retired": retired.joined(separator: " "), "opened_with": opened.joined(separator: " "),
                                                   "tips": "\(resealed.count)"])],
                                  context: context, connection: connection, logger: logger)
        return TipKeyRotation(keyID: newKey.keyID, retiredKeyIDs: retired, openedWith: opened, resealedTips: resealed.count)
    }

    /// The tenant's tips that hold a sealed value, locked until the rotation commits.
    private func sealedTips(tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> [SealedTip] {
        let rows = try await connection.query("""
            SELECT tip_id, sealed_text, sealed_contact, key_id FROM attest.tips
            WHERE tenant_id = \(tenant) AND key_id IS NOT NULL ORDER BY tip_id FOR UPDATE
            """, logger: logger)
        var tips: [SealedTip] = []
        for try await (id, text, contact, keyID) in rows.decode((String, Data?, Data?, String).self) {
            tips.append(SealedTip(tipID: id, text: text, contact: contact, keyID: keyID))
        }
        return tips
    }
}

/// A tip's sealed values and the key that opens them.
struct SealedTip: Sendable {
    let tipID: String
    let text: Data?
    let contact: Data?
    let keyID: String
}

/// Opens tips with their keys (each key read once) and seals them with a new one.
struct TipResealing {
    let ring: TipKeyRing
    let newKey: TipPublicKey
    let tenant: UUID

    func reseal(_ tips: [SealedTip]) throws(TipKeyError) -> [SealedTip] {
        var keys: [String: TipKeyRing.OpeningKey] = [:]
        var resealed: [SealedTip] = []
        for tip in tips {
            do throws(TipKeyError) {
                let key: TipKeyRing.OpeningKey
                if let known = keys[tip.keyID] {
                    key = known
                } else {
                    key = try ring.key(tip.keyID)
                    keys[tip.keyID] = key
                }
                resealed.append(SealedTip(tipID: tip.tipID, text: try reseal(tip.text, .text, tip, key),
                                          contact: try reseal(tip.contact, .contact, tip, key), keyID: newKey.keyID))
            } catch {
                throw TipKeyError("tip \(tip.tipID): \(error.description); nothing was changed")
            }
        }
        return resealed
    }

    private func reseal(_ value: Data?, _ field: TipField, _ tip: SealedTip, _ key: TipKeyRing.OpeningKey) throws(TipKeyError) -> Data? {
        guard let value else { return nil }
        let plaintext = try key.open(value, field: field, tenant: tenant, tip: tip.tipID)
        do {
            return try newKey.seal(plaintext, field: field, tenant: tenant, tip: tip.tipID)
        } catch {
            throw TipKeyError("sealing failed: \(error)")
        }
    }
}

/// What the public form needs of a tenant's keys.
public struct TipFormKeys: Sendable {
    /// The key of the form's CSRF tokens.
    public let formSecret: Data
    /// Whether the tenant has a key to seal tips with (without one, the form is closed).
    public let hasSealingKey: Bool
}

/// One key in `attest tip key list`.
public struct TipKeyListing: Sendable, Equatable {
    public enum State: String, Sendable { case active, retired, legacy }
    public let keyID: String
    public let state: State
    public let createdAt: Date?
    public let retiredAt: Date?
    /// How many of the tenant's tips are sealed with it.
    public let tips: Int
}

/// What a rotation did.
public struct TipKeyRotation: Sendable {
    /// The new active key.
    public let keyID: String
    /// The key that was active before (none at the first rotation).
    public let retiredKeyIDs: [String]
    /// The keys the re-sealed tips were opened with.
    public let openedWith: [String]
    public let resealedTips: Int
}
