import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Passwords of operator accounts: bcrypt hashes made and checked off the event loops
/// (a cost-12 hash takes a quarter of a second of CPU), one-time passwords, and the
/// rules a chosen password must meet. No password is ever logged.
public enum PasswordHashing {
    /// One thread for all bcrypt work: a burst of sign-ins (or an attacker's) queues
    /// there instead of taking every core from the pages and the database.
    private static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    /// The bcrypt hash of `password` at `cost` (at least 12).
    public static func hash(_ password: String, cost: UInt8 = 12) async throws -> String {
        try await pool.runIfActive { Bcrypt.hash(password, cost: max(12, cost)) }
    }

    /// Whether `password` matches `hash`.
    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await pool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash that matches no password, made once on the bcrypt thread.
    private static let decoy = Task { try await hash(oneTimePassword()) }

    /// Whether `password` matches `hash`; with no hash (an unknown account), false after
    /// the same bcrypt work, so that it takes as long to refuse as a wrong password.
    public static func verify(_ password: String, hashIfAny hash: String?) async throws -> Bool {
        guard let hash else {
            _ = try await verify(password, hash: try await decoy.value)
            return false
        }
        return try await verify(password, hash: hash)
    }

    /// A random one-time password: four groups of five characters from an alphabet
    /// without look-alikes (about 99 bits).
    public static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let groups = (0..<4).map { _ in String((0..<5).map { _ in alphabet.randomElement(using: &generator)! }) }
        return groups.joined(separator: "-")
    }

    /// Why `password` may not be chosen, or nil when it may: 12 to 72 bytes (bcrypt reads
    /// no further), not the account's e-mail.
    public static func problem(with password: String, email: String) -> String? {
        if password.count < 12 { return "Choose a password of at least 12 characters." }
        if password.utf8.count > 72 { return "Choose a password of at most 72 bytes." }
        if password.lowercased().contains(email.lowercased()) { return "The password must not contain your e-mail address." }
        return nil
    }
}

