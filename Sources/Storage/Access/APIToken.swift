import Crypto
import Foundation

/// A bearer token of the operators' API as `attest token list` shows it: never its secret.
public struct APIToken: Sendable, Equatable, Codable {
    public var id: UUID
    public var name: String
    public var createdAt: Date
    /// The database role that created it.
    public var createdBy: String
    public var revokedAt: Date?
    /// Stamped at most once a minute when the token is used.
    public var lastUsedAt: Date?
    /// Slugs of the tenants the token may reach, sorted.
    public var tenants: [String]
    /// When the API stops accepting it.
    public var expiresAt: Date
    /// Whether it may only read (every write route answers it 403).
    public var readOnly: Bool

    /// Whether the token was revoked.
    public var isRevoked: Bool { revokedAt != nil }

    /// Whether the token has expired at `now`.
    public func isExpired(at now: Date = Date()) -> Bool { expiresAt <= now }

    enum CodingKeys: String, CodingKey {
        case id, name, tenants
        case createdAt = "created_at"
        case createdBy = "created_by"
        case revokedAt = "revoked_at"
        case lastUsedAt = "last_used_at"
        case expiresAt = "expires_at"
        case readOnly = "read_only"
    }
}

/// A token that authenticated a request: who (for the event trail) and where it may go.
public struct AuthenticatedToken: Sendable, Equatable {
    public var id: UUID
    public var name: String
    /// Ids of the tenants the token is scoped to.
    public var tenantIDs: Set<UUID>
    /// Whether it may only read.
    public var readOnly: Bool

    public init(id: UUID, name: String, tenantIDs: Set<UUID>, readOnly: Bool = false) {
        self.id = id
        self.name = name
        self.tenantIDs = tenantIDs
        self.readOnly = readOnly
    }

    /// The actor recorded in `attest.events` for changes made with this token.
    public var actor: String { "token:\(name)" }
}

/// The secret of a bearer token: `attest_` and 32 random bytes in base64url (43
/// characters); a calendar feed's token starts with `attestcal_` instead. Only its
/// SHA-256 is stored; it is computed here, so the secret never reaches the database
/// (nor its statement log).
public enum APITokenSecret {
    /// What every API token starts with (so that leaked tokens are easy to find in code).
    public static let prefix = "attest_"
    /// What every calendar feed token starts with.
    public static let calendarPrefix = "attestcal_"

    /// A new random secret.
    public static func generate(prefix: String = prefix) -> String {
        let key = SymmetricKey(size: .bits256)
        return prefix + key.withUnsafeBytes { base64URL(Data($0)) }
    }

    /// The SHA-256 of the secret's UTF-8 bytes, as stored in `attest.api_tokens.secret_hash`.
    public static func hash(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Whether `text` has the shape of a token (checked before any database work).
    public static func isWellFormed(_ text: String, prefix: String = prefix) -> Bool {
        guard text.hasPrefix(prefix) else { return false }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        return body.count == 43 && body.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
