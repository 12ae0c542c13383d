import Crypto
import Foundation

/// Seals and opens a tip's text and contact with AES-GCM (256-bit key), so that the
/// database holds only `nonce ‖ ciphertext ‖ tag` and the key stays in configuration.
///
/// It lives in Storage, beside the repository that writes the sealed columns, because
/// sealing is how tips are *stored*: the daemon (the form) and the command line
/// (`attest tip show`) both reach the tips through Storage, and neither ever hands
/// plaintext to SQL. Each sealed value is bound to its tenant, tip and field by the
/// additional authenticated data, so a value copied onto another row does not open.
/// The key's id (``keyID``, a fingerprint that does not reveal the key) is stored with
/// the row, so that a tip sealed under another key is reported as such.
public struct TipSealer: Sendable {
    /// What a sealed value is: the tip's text or the reporter's contact.
    public enum Field: String, Sendable { case text, contact }

    /// The key's bytes (`SymmetricKey` is not `Sendable` in swift-crypto 3).
    private let keyBytes: Data
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }
    /// Names the key without revealing it: the first 8 bytes of SHA-256 over a label
    /// and the key, in hex.
    public let keyID: String

    /// A sealer for a 32-byte key.
    public init(key: Data) throws(TipKeyError) {
        guard key.count == 32 else { throw TipKeyError("the key must be 32 bytes (base64 of 32 random bytes), not \(key.count)") }
        keyBytes = key
        let digest = SHA256.hash(data: Data("attest tip key id".utf8) + key)
        keyID = digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A sealer for the base64 text of a key file (surrounding white space ignored).
    public init(base64 text: String) throws(TipKeyError) {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TipKeyError("the key is not base64 (make one with `attest tip key generate`)")
        }
        try self.init(key: data)
    }

    /// A new random key, base64-encoded, for a key file.
    public static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
    }

    /// Seals `plaintext` for one field of one tip.
    public func seal(_ plaintext: String, field: Field, tenant: UUID, tip: String) throws -> Data {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, authenticating: Self.binding(field, tenant, tip))
        guard let combined = box.combined else { throw TipKeyError("AES-GCM produced no combined form") }
        return combined
    }

    /// Opens a value sealed by ``seal(_:field:tenant:tip:)`` with the same key.
    public func open(_ sealed: Data, field: Field, tenant: UUID, tip: String) throws(TipKeyError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            let plaintext = try AES.GCM.open(box, using: key, authenticating: Self.binding(field, tenant, tip))
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw TipKeyError("the \(field.rawValue) of tip \(tip) does not open with key \(keyID): it was altered or sealed for another tip")
        }
    }

    /// A key derived for another purpose (HKDF-SHA256), e.g. the form's CSRF tokens, so
    /// that one configured secret serves every replica without being reused as is.
    public func derivedKey(purpose: String) -> Data {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("attest \(purpose)".utf8), outputByteCount: 32)
            .withUnsafeBytes { Data($0) }
    }

    private static func binding(_ field: Field, _ tenant: UUID, _ tip: String) -> Data {
        Data("attest.tips/\(tenant.uuidString.lowercased())/\(tip)/\(field.rawValue)".utf8)
    }
}

/// The tip key is missing, malformed, or does not open a stored value.
public struct TipKeyError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
