import Foundation
import PostgresNIO

/// The operators' side of the console accounts (`attest operator add | list | disable |
/// reset-password`), run as attest_operator. Every query that changes an account lives
/// here; each change is appended to the accounts' trail in the same transaction.
public struct OperatorAccountRepository: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Adds an account with a one-time password; a manager's tenants must exist.
    public func add(_ draft: OperatorAccountDraft, actor: String) async throws -> OperatorAccount {
        let email = try Self.check(draft)
        let logger = database.logger
        try await database.withTransaction { connection in
            _ = try await Self.insert(draft, actor: actor, connection: connection, logger: logger)
        }
        return try await require(email: email)
    }

    /// Checks a new account's e-mail, name and tenants; its normalized e-mail.
    public static func check(_ draft: OperatorAccountDraft) throws(StorageError) -> String {
        let email = try normalizedEmail(draft.email)
        guard !draft.name.trimmingCharacters(in: .whitespaces).isEmpty, draft.name.count <= 200 else {
            throw StorageError(.invalidInput, "name: give the operator's name (1 to 200 characters)")
        }
        if draft.role == .admin, !draft.tenantSlugs.isEmpty {
            throw StorageError(.invalidInput, "tenant: an admin sees every tenant; assign tenants to managers only")
        }
        if draft.role == .manager, draft.tenantSlugs.isEmpty {
            throw StorageError(.invalidInput, "tenant: a manager sees only the tenants assigned to it: give at least one")
        }
        return email
    }

    /// Adds the account in the caller's transaction (the operator role's, or an admin's
    /// console session); its id.
    public static func insert(_ draft: OperatorAccountDraft, actor: String, connection: PostgresConnection, logger: Logger) async throws -> UUID {
        let email = try check(draft)
        do {
            let tenantIDs = try await tenantIDs(draft.tenantSlugs, connection: connection, logger: logger)
            let rows = try await connection.query("""
                INSERT INTO attest.operator_accounts (email, name, role, password_hash, password_is_temporary)
                VALUES (\(email), \(draft.name), \(draft.role.rawValue), \(draft.passwordHash), true)
                RETURNING id
                """, logger: logger)
            guard let id = try await rows.decode(UUID.self).first(where: { _ in true }) else {
                throw StorageError(.query, "adding the account returned no id")
            }
            try await connection.query("""
                INSERT INTO attest.operator_account_tenants (tenant_id, account_id)
                SELECT unnest(\(tenantIDs)::uuid[]), \(id)
                """, logger: logger)
            try await AccountEventLog.append(actor: actor, action: "account_added", accountID: id,
                                             details: ["role": draft.role.rawValue, "tenants": draft.tenantSlugs.sorted().joined(separator: ",")],
                                             connection: connection, logger: logger)
            return id
        } catch let error as PSQLError where PostgresErrorText.constraint(error) == "operator_accounts_email_key" {
            throw StorageError(.conflict, "email: an account with e-mail \(email) already exists")
        }
    }

    /// Replaces the tenants of the manager `id` (at least one), in the caller's transaction.
    public static func assign(tenants slugs: [String], to id: UUID, actor: String, connection: PostgresConnection, logger: Logger) async throws {
        guard !slugs.isEmpty else {
            throw StorageError(.invalidInput, "tenant: a manager sees only the tenants assigned to it: give at least one")
        }
        let tenantIDs = try await tenantIDs(slugs, connection: connection, logger: logger)
        let rows = try await connection.query("SELECT role FROM attest.operator_accounts WHERE id = \(id)", logger: logger)
        guard let role = try await rows.decode(String.self).first(where: { _ in true }) else {
            throw StorageError(.notFound, "no such operator account")
        }
        guard role == OperatorAccount.Role.manager.rawValue else {
            throw StorageError(.invalidInput, "tenant: an admin sees every tenant; assign tenants to managers only")
        }
        try await connection.query("""
            WITH gone AS (DELETE FROM attest.operator_account_tenants WHERE account_id = \(id) AND NOT tenant_id = ANY(\(tenantIDs)::uuid[]))
            INSERT INTO attest.operator_account_tenants (tenant_id, account_id)
            SELECT unnest(\(tenantIDs)::uuid[]), \(id) ON CONFLICT DO NOTHING
            """, logger: logger)
        try await AccountEventLog.append(actor: actor, action: "tenants_assigned", accountID: id,
                                         details: ["tenants": Set(slugs).sorted().joined(separator: ",")], connection: connection, logger: logger)
    }

    /// Allows or forbids the account `id` to open tips in the console, in the caller's transaction.
    public static func setTipPermission(_ allowed: Bool, of id: UUID, actor: String, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("UPDATE attest.operator_accounts SET can_read_tips = \(allowed) WHERE id = \(id)", logger: logger)
        try await AccountEventLog.append(actor: actor, action: allowed ? "tips_allowed" : "tips_forbidden", accountID: id,
                                         connection: connection, logger: logger)
    }

    /// Disables the account `id` and ends its sessions, in the caller's transaction. Idempotent.
    public static func disable(id: UUID, actor: String, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE attest.operator_accounts SET disabled_at = coalesce(disabled_at, now()) WHERE id = \(id)
            """, logger: logger)
        try await endSessions(of: id, connection: connection, logger: logger)
        try await AccountEventLog.append(actor: actor, action: "account_disabled", accountID: id, connection: connection, logger: logger)
    }

    /// Every account, by e-mail.
    public func list() async throws -> [OperatorAccount] {
        try await accounts(email: nil)
    }

    /// The account with this e-mail, or a not-found error.
    public func require(email: String) async throws -> OperatorAccount {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard let account = try await accounts(email: normalized).first else {
            throw StorageError(.notFound, "no operator account with e-mail \(normalized) (see `attest operator list`)")
        }
        return account
    }

    /// Disables an account and ends its sessions. Idempotent.
    public func disable(email: String, actor: String) async throws -> OperatorAccount {
        let account = try await require(email: email)
        let logger = database.logger
        try await database.withTransaction { connection in
            try await Self.disable(id: account.id, actor: actor, connection: connection, logger: logger)
        }
        return try await require(email: email)
    }

    /// Allows or forbids the account to open tips in the console.
    public func setTipPermission(_ allowed: Bool, email: String, actor: String) async throws -> OperatorAccount {
        let account = try await require(email: email)
        let logger = database.logger
        try await database.withTransaction { connection in
            try await Self.setTipPermission(allowed, of: account.id, actor: actor, connection: connection, logger: logger)
        }
        return try await require(email: email)
    }

    /// Gives the account a new one-time password (and, with `clearSecondFactor`, makes
    /// it enroll a new second factor), re-enables it, and ends its sessions.
    public func resetPassword(email: String, passwordHash: String, clearSecondFactor: Bool, actor: String) async throws -> OperatorAccount {
        let account = try await require(email: email)
        let logger = database.logger
        try await database.withTransaction { connection in
            try await connection.query("""
                UPDATE attest.operator_accounts
                SET password_hash = \(passwordHash), password_is_temporary = true, disabled_at = NULL,
                    totp_secret = CASE WHEN \(clearSecondFactor) THEN NULL ELSE totp_secret END,
                    totp_last_step = CASE WHEN \(clearSecondFactor) THEN NULL ELSE totp_last_step END
                WHERE id = \(account.id)
                """, logger: logger)
            try await Self.endSessions(of: account.id, connection: connection, logger: logger)
            try await AccountEventLog.append(actor: actor, action: "password_reset", accountID: account.id,
                                             details: ["second_factor_cleared": clearSecondFactor ? "true" : "false"],
                                             connection: connection, logger: logger)
        }
        return try await require(email: email)
    }

    /// Lower-cases and checks an e-mail address.
    public static func normalizedEmail(_ text: String) throws(StorageError) -> String {
        let email = text.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
        else {
            throw StorageError(.invalidInput, "email: \"\(text)\" is not an e-mail address")
        }
        return email
    }

    private static func tenantIDs(_ slugs: [String], connection: PostgresConnection, logger: Logger) async throws -> [UUID] {
        guard !slugs.isEmpty else { return [] }
        let rows = try await connection.query(
            "SELECT slug, id FROM attest.tenants WHERE slug = ANY(\(slugs)::text[])", logger: logger)
        var found: [String: UUID] = [:]
        for try await (slug, id) in rows.decode((String, UUID).self) { found[slug] = id }
        if let missing = slugs.first(where: { found[$0] == nil }) {
            throw StorageError(.notFound, "tenant: no tenant with slug \"\(missing)\" (see `attest tenant list`)")
        }
        return Array(Set(slugs)).sorted().compactMap { found[$0] }
    }

    private static func endSessions(of account: UUID, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE attest.console_sessions SET ended_at = now() WHERE account_id = \(account) AND ended_at IS NULL
            """, logger: logger)
    }

    private func accounts(email: String?) async throws -> [OperatorAccount] {
        let logger = database.logger
        return try await database.withTransaction { connection in try await Self.accounts(email: email, connection: connection, logger: logger) }
    }

    /// Every account (or the one with `email`), by e-mail, in the caller's transaction.
    public static func accounts(email: String? = nil, connection: PostgresConnection, logger: Logger) async throws -> [OperatorAccount] {
        let rows = try await connection.query("""
            SELECT a.id, a.email, a.name, a.role, a.totp_secret IS NOT NULL, a.password_is_temporary, a.disabled_at, a.created_at, a.can_read_tips,
                   coalesce((SELECT array_agg(t.slug ORDER BY t.slug) FROM attest.operator_account_tenants AS g
                             JOIN attest.tenants AS t ON t.id = g.tenant_id WHERE g.account_id = a.id), '{}')
            FROM attest.operator_accounts AS a
            WHERE \(email)::text IS NULL OR a.email = \(email)
            ORDER BY a.email
            """, logger: logger)
        return try await rows.decode((UUID, String, String, String, Bool, Bool, Date?, Date, Bool, [String]).self).reduce(into: []) {
            $0.append(OperatorAccount(id: $1.0, email: $1.1, name: $1.2, role: .init(rawValue: $1.3) ?? .manager, tenants: $1.9,
                                      hasSecondFactor: $1.4, passwordIsTemporary: $1.5, disabledAt: $1.6, createdAt: $1.7, canReadTips: $1.8))
        }
    }
}
