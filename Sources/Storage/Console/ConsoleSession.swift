import Foundation

/// A live console session as the console reads it on each request.
public struct ConsoleSession: Sendable, Equatable {
    /// Where a session stands in the sign-in.
    public enum Stage: String, Sendable {
        /// The password was right; the second factor is next (enrolment or a code).
        case secondFactor = "second_factor"
        /// Both factors were right; the account's one-time password must be replaced.
        case newPassword = "new_password"
        /// Signed in.
        case signedIn = "signed_in"
    }

    /// The SHA-256 of the session id (the cookie holds the id itself).
    public var idHash: [UInt8]
    public var accountID: UUID
    public var email: String
    public var name: String
    public var role: OperatorAccount.Role
    public var stage: Stage
    /// The token every form of this session carries.
    public var formToken: String
    /// A TOTP secret shown during enrolment, not yet confirmed by a code.
    public var enrollingSecret: [UInt8]?
    public var hasSecondFactor: Bool
    public var passwordIsTemporary: Bool

    public init(idHash: [UInt8], accountID: UUID, email: String, name: String, role: OperatorAccount.Role, stage: Stage,
                formToken: String, enrollingSecret: [UInt8]?, hasSecondFactor: Bool, passwordIsTemporary: Bool) {
        self.idHash = idHash
        self.accountID = accountID
        self.email = email
        self.name = name
        self.role = role
        self.stage = stage
        self.formToken = formToken
        self.enrollingSecret = enrollingSecret
        self.hasSecondFactor = hasSecondFactor
        self.passwordIsTemporary = passwordIsTemporary
    }

    /// The actor written to the event trails for this session's account.
    public var actor: String { "account:\(email)" }
}
