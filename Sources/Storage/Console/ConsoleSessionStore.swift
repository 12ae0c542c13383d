import Foundation
import NIOCore
import PostgresNIO

/// The console's sessions and sign-in checks, run as attest_console. Every query on
/// `attest.console_sessions`, and every console-side one on `attest.operator_accounts`,
/// lives here.
public struct ConsoleSessionStore: Sendable {
    private let database: Database
    /// A session ends after this long without a request.
    public let idleTimeout: Duration
    /// A session ends this long after sign-in, whatever happens.
    public let absoluteTimeout: Duration

    public init(database: Database, idleTimeout: Duration, absoluteTimeout: Duration) {
        self.database = database
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
    }

    /// What a sign-in checks for the account with this (lower-cased) e-mail, if any.
    public func credentials(email: String) async throws -> OperatorCredentials? {
        let rows = try await database.client.query("""
            SELECT id, email, password_hash, password_is_temporary, totp_secret, disabled_at IS NOT NULL
            FROM attest.operator_accounts WHERE email = \(email)
            """, logger: database.logger)
        for try await row in rows.decode((UUID, String, String, Bool, Data?, Bool).self) {
            return OperatorCredentials(accountID: row.0, email: row.1, passwordHash: row.2, passwordIsTemporary: row.3,
                                       totpSecret: row.4.map { Array($0) }, isDisabled: row.5)
        }
        return nil
    }

    /// Starts a session at `stage` for the account, ending `replacing` (the session this
    /// one follows: a new id at every step, so an id seen before sign-in is worthless after).
    public func start(
        idHash: [UInt8], accountID: UUID, stage: ConsoleSession.Stage, formToken: String,
        replacing previous: [UInt8]?, events: [(action: String, details: [String: String])] = []
    ) async throws {
        let idle = Self.seconds(idleTimeout), absolute = Self.seconds(absoluteTimeout)
        let logger = database.logger
        try await database.withTransaction { connection in
            if let previous {
                try await connection.query(
                    "UPDATE attest.console_sessions SET ended_at = now() WHERE id_hash = \(ByteBuffer(bytes: previous)) AND ended_at IS NULL", logger: logger)
            }
            try await connection.query("""
                INSERT INTO attest.console_sessions (id_hash, account_id, stage, form_token, idle_expires_at, absolute_expires_at)
                VALUES (\(ByteBuffer(bytes: idHash)), \(accountID), \(stage.rawValue), \(formToken),
                        now() + make_interval(secs => \(idle)), now() + make_interval(secs => \(absolute)))
                """, logger: logger)
            guard !events.isEmpty else { return }
            let email = try await connection.query("SELECT email FROM attest.operator_accounts WHERE id = \(accountID)", logger: logger)
                .decode(String.self).first(where: { _ in true }) ?? accountID.uuidString
            for event in events {
                try await AccountEventLog.append(actor: "account:\(email)", action: event.action, accountID: accountID,
                                                 details: event.details, connection: connection, logger: logger)
            }
        }
    }

    /// The live session with this id hash, its idle expiry pushed back; nil when there
    /// is none, it ended, expired, or its account is disabled.
    public func resume(idHash: [UInt8]) async throws -> ConsoleSession? {
        let idle = Self.seconds(idleTimeout)
        let rows = try await database.client.query("""
            UPDATE attest.console_sessions AS s
            SET last_seen_at = now(), idle_expires_at = least(now() + make_interval(secs => \(idle)), s.absolute_expires_at)
            FROM attest.operator_accounts AS a
            WHERE s.id_hash = \(ByteBuffer(bytes: idHash)) AND a.id = s.account_id AND s.ended_at IS NULL
              AND now() < s.idle_expires_at AND now() < s.absolute_expires_at AND a.disabled_at IS NULL
            RETURNING s.account_id, a.email, a.name, a.role, s.stage, s.form_token, s.enrolling_secret,
                      a.totp_secret IS NOT NULL, a.password_is_temporary
            """, logger: database.logger)
        for try await row in rows.decode((UUID, String, String, String, String, String, Data?, Bool, Bool).self) {
            guard let role = OperatorAccount.Role(rawValue: row.3), let stage = ConsoleSession.Stage(rawValue: row.4) else { return nil }
            return ConsoleSession(idHash: idHash, accountID: row.0, email: row.1, name: row.2, role: role, stage: stage, formToken: row.5,
                                  enrollingSecret: row.6.map { Array($0) }, hasSecondFactor: row.7, passwordIsTemporary: row.8)
        }
        return nil
    }

    /// Ends a session (sign-out), recording it for the account.
    public func end(_ session: ConsoleSession) async throws {
        let logger = database.logger
        try await database.withTransaction { connection in
            try await connection.query(
                "UPDATE attest.console_sessions SET ended_at = now() WHERE id_hash = \(ByteBuffer(bytes: session.idHash)) AND ended_at IS NULL", logger: logger)
            try await AccountEventLog.append(actor: session.actor, action: "signed_out", accountID: session.accountID,
                                             connection: connection, logger: logger)
        }
    }

    /// Keeps the TOTP secret shown to a session that is enrolling.
    public func setEnrollingSecret(_ secret: [UInt8], session: ConsoleSession) async throws {
        try await database.client.query(
            "UPDATE attest.console_sessions SET enrolling_secret = \(ByteBuffer(bytes: secret)) WHERE id_hash = \(ByteBuffer(bytes: session.idHash))", logger: database.logger)
    }

    /// Records that a code of time step `step` was accepted for the account, unless a
    /// code of that step or a later one was accepted before (a replay): false then.
    /// With `enrolling`, the secret becomes the account's.
    public func acceptCode(step: Int64, accountID: UUID, enrolling secret: [UInt8]?) async throws -> Bool {
        let rows = try await database.client.query("""
            UPDATE attest.operator_accounts
            SET totp_last_step = \(step), totp_secret = coalesce(\(secret.map { ByteBuffer(bytes: $0) })::bytea, totp_secret)
            WHERE id = \(accountID) AND (totp_last_step IS NULL OR totp_last_step < \(step))
            RETURNING id
            """, logger: database.logger)
        return try await rows.decode(UUID.self).first(where: { _ in true }) != nil
    }

    /// Replaces the account's password (no longer temporary) and records it.
    public func changePassword(hash: String, session: ConsoleSession) async throws {
        let logger = database.logger
        try await database.withTransaction { connection in
            try await connection.query("""
                UPDATE attest.operator_accounts SET password_hash = \(hash), password_is_temporary = false WHERE id = \(session.accountID)
                """, logger: logger)
            try await AccountEventLog.append(actor: session.actor, action: "password_changed", accountID: session.accountID,
                                             connection: connection, logger: logger)
        }
    }

    /// Runs `body` in one read transaction as the session: row-level security shows it the
    /// tenants of its account only (see sql/011_console.sql).
    public func withSession<Result: Sendable>(
        _ session: ConsoleSession, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let hex = session.idHash.hexDigits
        return try await database.withTransaction { connection in
            try await connection.query("SELECT set_config('attest.console_session', \(hex), true)", logger: database.logger)
            return try await body(connection)
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
