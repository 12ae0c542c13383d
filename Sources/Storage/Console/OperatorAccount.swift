import Foundation

/// An operator's account of the web console.
public struct OperatorAccount: Sendable, Equatable, Codable {
    /// What an account may see and do.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// Sees every tenant; manages accounts and API tokens.
        case admin
        /// Sees only the tenants assigned to the account.
        case manager
    }

    public var id: UUID
    /// Lower-cased; the sign-in name.
    public var email: String
    public var name: String
    public var role: Role
    /// The slugs of the tenants assigned to a manager (empty for an admin, who sees all).
    public var tenants: [String]
    /// Whether a second factor is enrolled.
    public var hasSecondFactor: Bool
    /// Whether the password is a one-time one the next sign-in must replace.
    public var passwordIsTemporary: Bool
    public var disabledAt: Date?
    public var createdAt: Date
    /// Whether the account may open tips (their text and contact) in the console.
    public var canReadTips: Bool

    public init(id: UUID, email: String, name: String, role: Role, tenants: [String], hasSecondFactor: Bool,
                passwordIsTemporary: Bool, disabledAt: Date?, createdAt: Date, canReadTips: Bool = false) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.tenants = tenants
        self.hasSecondFactor = hasSecondFactor
        self.passwordIsTemporary = passwordIsTemporary
        self.disabledAt = disabledAt
        self.createdAt = createdAt
        self.canReadTips = canReadTips
    }

    enum CodingKeys: String, CodingKey {
        case id, email, name, role, tenants
        case hasSecondFactor = "second_factor"
        case passwordIsTemporary = "password_is_temporary"
        case disabledAt = "disabled_at"
        case createdAt = "created_at"
        case canReadTips = "can_read_tips"
    }
}

/// A new account as `attest operator add` describes it (the password already hashed).
public struct OperatorAccountDraft: Sendable {
    public var email: String
    public var name: String
    public var role: OperatorAccount.Role
    public var tenantSlugs: [String]
    public var passwordHash: String

    public init(email: String, name: String, role: OperatorAccount.Role, tenantSlugs: [String], passwordHash: String) {
        self.email = email
        self.name = name
        self.role = role
        self.tenantSlugs = tenantSlugs
        self.passwordHash = passwordHash
    }
}

/// What the console needs to check a sign-in: never shown, never logged.
public struct OperatorCredentials: Sendable {
    public var accountID: UUID
    public var email: String
    public var passwordHash: String
    public var passwordIsTemporary: Bool
    /// The enrolled TOTP secret, if any.
    public var totpSecret: [UInt8]?
    public var isDisabled: Bool

    public init(accountID: UUID, email: String, passwordHash: String, passwordIsTemporary: Bool, totpSecret: [UInt8]?, isDisabled: Bool) {
        self.accountID = accountID
        self.email = email
        self.passwordHash = passwordHash
        self.passwordIsTemporary = passwordIsTemporary
        self.totpSecret = totpSecret
        self.isDisabled = isDisabled
    }
}

/// An entry of the accounts' own trail (`attest.account_events`).
public struct AccountEvent: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var action: String
    public var accountID: UUID?
    /// A JSON object (never a password, a code or a secret).
    public var details: String

    public init(at: Date, actor: String, action: String, accountID: UUID?, details: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.accountID = accountID
        self.details = details
    }
}
