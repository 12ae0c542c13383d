import Crypto
import Foundation

/// What a sealed value of a tip is: its text or the reporter's contact.
public enum TipField: String, Sendable {
    case text, contact

    /// What binds a sealed value to its place: a value copied onto another tenant's,
    /// tip's or field's column does not open.
    static func binding(_ field: TipField, _ tenant: UUID, _ tip: String) -> Data {
        Data("attest.tips/\(tenant.uuidString.lowercased())/\(tip)/\(field.rawValue)".utf8)
    }
}

/// A tip key is missing, malformed, unsafe to read, or does not open a stored value.
public struct TipKeyError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }

    static func noKey(tenant slug: String) -> TipKeyError {
        TipKeyError("tenant \(slug) has no tip key yet: make one with `attest tip key rotate --tenant \(slug)`")
    }

    static func doesNotOpen(_ field: TipField, tip: String, keyID: String) -> TipKeyError {
        TipKeyError("the \(field.rawValue) of tip \(tip) does not open with key \(keyID): it was altered or sealed for another tip")
    }
}

/// Key ids: 16 hex digits, a fingerprint that names a key without revealing it.
enum TipKeyID {
    /// The first 8 bytes of SHA-256 over `label` and `key`, in hex.
    static func fingerprint(label: String, _ key: Data) -> String {
        SHA256.hash(data: Data(label.utf8) + key).prefix(8).hexDigits
    }

    /// Whether `id` has the form of a key id (and so is safe as a file name).
    static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 16 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
