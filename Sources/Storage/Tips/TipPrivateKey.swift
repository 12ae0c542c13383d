import Crypto
import Foundation

/// The private half of a tenant's tip key: it opens what its ``TipPublicKey`` sealed.
/// It is made by `attest tip key rotate`, kept in a file of the key directory, and
/// never stored in the database.
public struct TipPrivateKey: Sendable {
    /// The X25519 private key's 32 bytes.
    private let raw: Data
    /// The public half, which seals.
    public let publicKey: TipPublicKey
    /// The key's id (its public key's).
    public var keyID: String { publicKey.keyID }

    /// A new random key pair.
    public static func generate() -> TipPrivateKey {
        TipPrivateKey(Curve25519.KeyAgreement.PrivateKey())
    }

    private init(_ key: Curve25519.KeyAgreement.PrivateKey) {
        raw = key.rawRepresentation
        publicKey = TipPublicKey(key.publicKey)
    }

    /// The private key of these 32 bytes.
    public init(rawRepresentation: Data) throws(TipKeyError) {
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: rawRepresentation) else {
            throw TipKeyError("a tip private key is 32 bytes (X25519), not \(rawRepresentation.count)")
        }
        self.init(key)
    }

    /// The key as a key file holds it: base64 and a line break.
    var fileContents: Data { Data((raw.base64EncodedString() + "\n").utf8) }

    /// The key in a key file's base64 text (surrounding white space ignored).
    init(fileText: String) throws(TipKeyError) {
        guard let data = Data(base64Encoded: fileText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TipKeyError("the key is not base64")
        }
        try self.init(rawRepresentation: data)
    }

    /// Opens a value sealed by ``TipPublicKey/seal(_:field:tenant:tip:)`` with this key's
    /// public half.
    public func open(_ sealed: Data, field: TipField, tenant: UUID, tip: String) throws(TipKeyError) -> String {
        let split = TipPublicKey.encapsulatedKeyBytes
        guard sealed.count > split else { throw TipKeyError.doesNotOpen(field, tip: tip, keyID: keyID) }
        do {
            let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
            let binding = TipField.binding(field, tenant, tip)
            var recipient = try HPKE.Recipient(privateKey: key, ciphersuite: TipPublicKey.ciphersuite, info: TipPublicKey.info + binding,
                                               encapsulatedKey: Data(sealed.prefix(split)))
            return String(decoding: try recipient.open(Data(sealed.dropFirst(split)), authenticating: binding), as: UTF8.self)
        } catch {
            throw TipKeyError.doesNotOpen(field, tip: tip, keyID: keyID)
        }
    }
}
