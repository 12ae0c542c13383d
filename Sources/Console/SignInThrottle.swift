import Foundation
import Storage
import WebCommon

/// Counts failed sign-ins (a wrong password or a wrong code) per account e-mail and per
/// source, in PostgreSQL so that every console process sees them, and locks either out
/// for the policy's window once it reaches its limit. An unknown e-mail is counted and
/// answered exactly like a known one.
struct SignInThrottle: Sendable {
    let failures: SignInFailureRepository
    let policy: LockoutPolicy

    /// Whether the account or the source is locked out now.
    func isLocked(email: String, origin: RequestOrigin) async throws -> Bool {
        let counts = try await failures.counts(keys: keys(email: email, origin: origin), window: policy.window)
        return counts["account:\(email.prefix(250))", default: 0] >= policy.accountFailures
            || counts[origin.throttleKey, default: 0] >= policy.sourceFailures
    }

    /// Records a failure (and a lockout when this one reaches a limit) in the accounts' trail.
    func fail(email: String, origin: RequestOrigin, accountID: UUID?, step: String) async throws {
        let keys = keys(email: email, origin: origin)
        let counts = try await failures.counts(keys: keys, window: policy.window)
        let lockedOut = counts["account:\(email.prefix(250))", default: 0] + 1 == policy.accountFailures
            || counts[origin.throttleKey, default: 0] + 1 == policy.sourceFailures
        // An unknown e-mail is not written to the trail: it may be a password typed in the wrong field.
        let actor = accountID == nil ? "unknown-account" : "account:\(email)"
        try await failures.record(keys: keys, window: policy.window, actor: actor, accountID: accountID, lockedOut: lockedOut,
                                  details: ["source": String(origin.throttleKey.dropFirst("source:".count)), "step": step])
    }

    private func keys(email: String, origin: RequestOrigin) -> [String] {
        ["account:\(email.prefix(250))", origin.throttleKey]
    }
}
