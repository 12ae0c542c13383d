import Crypto
import Foundation

/// The one symmetric key (AES-GCM, 256 bits) that sealed every tenant's tips before
/// each tenant had its own key pair (migration 027). It only *opens*: tips sealed with
/// it are opened by `attest tip show` and the console until `attest tip key rotate`
/// re-seals them with the tenant's public key. It is read from `ATTEST_TIP_KEY_FILE`.
///
/// A sealed value is `nonce ‖ ciphertext ‖ tag`, bound to its tenant, tip and field by
/// the additional authenticated data. The key's id (``keyID``, a fingerprint that does
/// not reveal the key) is stored with the row.
public struct LegacyTipKey: Sendable {
    /// The key's bytes (`SymmetricKey` is not `Sendable`).
    private let keyBytes: Data
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }
    /// Names the key without revealing it: the first 8 bytes of SHA-256 over a label
    /// and the key, in hex.
    public let keyID: String

    /// The key of 32 bytes.
    public init(key: Data) throws(TipKeyError) {
        guard key.count == 32 else { throw TipKeyError("the key must be 32 bytes (base64 of 32 random bytes), not \(key.count)") }
        keyBytes = key
        keyID = TipKeyID.fingerprint(label: "attest tip key id", key)
    }

    /// The key in the base64 text of a key file (surrounding white space ignored).
    public init(base64 text: String) throws(TipKeyError) {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TipKeyError("the key is not base64 (32 random bytes)")
        }
        try self.init(key: data)
    }

    /// A new random key in base64: how such keys were made (kept to build tips in the
    /// old format, e.g. to test their migration).
    public static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    /// Seals `plaintext` as tips were sealed before migration 027.
    public func seal(_ plaintext: String, field: TipField, tenant: UUID, tip: String) throws -> Data {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: TipField.binding(field, tenant, tip))
        guard let combined = box.combined else { throw TipKeyError("AES-GCM produced no combined form") }
        return combined
    }

    /// Opens a value sealed by ``seal(_:field:tenant:tip:)`` with the same key.
    public func open(_ sealed: Data, field: TipField, tenant: UUID, tip: String) throws(TipKeyError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plaintext = try AES.GCM.open(box, using: key, authenticating: TipField.binding(field, tenant, tip))
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw TipKeyError.doesNotOpen(field, tip: tip, keyID: keyID)
        }
    }
}
