import Foundation
import PostgresNIO

/// Failed console sign-ins by key (`account:EMAIL`, `source:ADDRESS`), which the
/// console counts to throttle and lock out. Every query on
/// `attest.console_sign_in_failures` lives here.
public struct SignInFailureRepository: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// How many failures each key had in the last `window`.
    public func counts(keys: [String], window: Duration) async throws -> [String: Int] {
        let rows = try await database.client.query("""
            SELECT key, count(*)::int FROM attest.console_sign_in_failures
            WHERE key = ANY(\(keys)::text[]) AND at > now() - make_interval(secs => \(Double(window.components.seconds)))
            GROUP BY key
            """, logger: database.logger)
        var counts: [String: Int] = [:]
        for try await (key, count) in rows.decode((String, Int).self) { counts[key] = count }
        return counts
    }

    /// Records one failure under each key, and an entry in the accounts' trail
    /// (`sign_in_failed`, or `locked_out` when `lockedOut`); forgets failures older
    /// than `window`.
    public func record(
        keys: [String], window: Duration, actor: String, accountID: UUID?, lockedOut: Bool, details: [String: String]
    ) async throws {
        let logger = database.logger
        try await database.withTransaction { connection in
            try await connection.query("""
                DELETE FROM attest.console_sign_in_failures
                WHERE at < now() - make_interval(secs => \(Double(window.components.seconds)))
                """, logger: logger)
            try await connection.query(
                "INSERT INTO attest.console_sign_in_failures (key) SELECT unnest(\(keys)::text[])", logger: logger)
            try await AccountEventLog.append(actor: actor, action: "sign_in_failed", accountID: accountID, details: details,
                                             connection: connection, logger: logger)
            if lockedOut {
                try await AccountEventLog.append(actor: actor, action: "locked_out", accountID: accountID, details: details,
                                                 connection: connection, logger: logger)
            }
        }
    }
}
