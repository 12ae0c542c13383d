import Crypto
import Foundation

/// A tenant's public tip key. It seals a tip's text and contact with HPKE (RFC 9180:
/// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305, base mode), so whoever
/// holds only this key (the daemon that takes tips) can seal but never open. The
/// private half lives in a file (``TipKeyDirectory``) on the machines that open tips.
///
/// A sealed value is `encapsulated key (32 bytes) ‖ ciphertext ‖ tag (16 bytes)`,
/// bound to its tenant, tip and field (HPKE info and additional authenticated data).
public struct TipPublicKey: Sendable, Equatable {
    static let ciphersuite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let info = Data("attest tip seal v2".utf8)
    static let encapsulatedKeyBytes = 32

    /// The X25519 public key's 32 bytes.
    public let rawRepresentation: Data
    /// Names the key without revealing anything: a fingerprint of the public key.
    public let keyID: String

    /// The public key of these 32 bytes.
    public init(rawRepresentation: Data) throws(TipKeyError) {
        guard let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: rawRepresentation) else {
            throw TipKeyError("a tip public key is 32 bytes (X25519), not \(rawRepresentation.count)")
        }
        self.init(key)
    }

    init(_ key: Curve25519.KeyAgreement.PublicKey) {
        rawRepresentation = key.rawRepresentation
        keyID = TipKeyID.fingerprint(label: "attest tip public key", rawRepresentation)
    }

    /// Seals `plaintext` for one field of one tip of one tenant.
    public func seal(_ plaintext: String, field: TipField, tenant: UUID, tip: String) throws -> Data {
        let recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: rawRepresentation)
        let binding = TipField.binding(field, tenant, tip)
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: Self.ciphersuite, info: Self.info + binding)
        let ciphertext = try sender.seal(Data(plaintext.utf8), authenticating: binding)
        return sender.encapsulatedKey + ciphertext
    }
}
