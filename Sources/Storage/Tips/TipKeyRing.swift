import Foundation

/// The keys that open tips on this machine: the tenants' private keys in the key
/// directory (`ATTEST_TIP_KEY_DIR`), and the legacy symmetric key
/// (`ATTEST_TIP_KEY_FILE`) for tips sealed before per-tenant keys and not yet
/// re-sealed. A key file is read when a tip sealed with it is opened, so a rotation
/// needs no restart of the console.
public struct TipKeyRing: Sendable {
    /// The directory of private keys, if configured.
    public let directory: TipKeyDirectory?
    /// The legacy key, if configured.
    public let legacy: LegacyTipKey?

    public init(directory: TipKeyDirectory?, legacy: LegacyTipKey? = nil) {
        self.directory = directory
        self.legacy = legacy
    }

    /// A key that opens values, loaded once.
    public enum OpeningKey: Sendable {
        case pair(TipPrivateKey)
        case legacy(LegacyTipKey)

        /// Opens one sealed value of a tip.
        public func open(_ sealed: Data, field: TipField, tenant: UUID, tip: String) throws(TipKeyError) -> String {
            switch self {
            case .pair(let key): try key.open(sealed, field: field, tenant: tenant, tip: tip)
            case .legacy(let key): try key.open(sealed, field: field, tenant: tenant, tip: tip)
            }
        }
    }

    /// The key named `keyID` (the id stored with a tip), or an error that says how to
    /// configure it.
    public func key(_ keyID: String) throws(TipKeyError) -> OpeningKey {
        if let legacy, legacy.keyID == keyID { return .legacy(legacy) }
        guard let directory else {
            throw TipKeyError("the tip is sealed with key \(keyID): set ATTEST_TIP_KEY_DIR to the directory that holds \(keyID).key"
                              + " (or, for a tip sealed before per-tenant keys, ATTEST_TIP_KEY_FILE to the old key's file)")
        }
        return .pair(try directory.load(keyID: keyID))
    }

    /// Opens a tip's sealed value stored with `keyID`.
    public func open(_ sealed: Data, keyID: String, field: TipField, tenant: UUID, tip: String) throws(TipKeyError) -> String {
        try key(keyID).open(sealed, field: field, tenant: tenant, tip: tip)
    }
}
