import Foundation
import PostgresNIO

/// Appends to `attest.account_events`, the accounts' own append-only trail (sign-ins,
/// failures, lockouts, sign-outs, account changes). Every query on that table lives here.
public enum AccountEventLog {
    /// Appends one entry. `details` never holds a password, a code or a secret.
    public static func append(
        actor: String, action: String, accountID: UUID?, details: [String: String] = [:],
        connection: PostgresConnection, logger: Logger
    ) async throws {
        let json = String(decoding: (try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
        try await connection.query("""
            INSERT INTO attest.account_events (actor, action, account_id, details)
            VALUES (\(actor), \(action), \(accountID), \(json)::jsonb)
            """, logger: logger)
    }

    /// The latest entries, newest first (for an account when `accountID` is given).
    public static func recent(
        accountID: UUID?, limit: Int, connection: PostgresConnection, logger: Logger
    ) async throws -> [AccountEvent] {
        let rows = try await connection.query("""
            SELECT at, actor, action, account_id, details::text FROM attest.account_events
            WHERE \(accountID)::uuid IS NULL OR account_id = \(accountID)
            ORDER BY id DESC LIMIT \(limit)
            """, logger: logger)
        return try await rows.decode((Date, String, String, UUID?, String).self).reduce(into: []) {
            $0.append(AccountEvent(at: $1.0, actor: $1.1, action: $1.2, accountID: $1.3, details: $1.4))
        }
    }
}
