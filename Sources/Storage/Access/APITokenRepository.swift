import Foundation
import Logging
import PostgresNIO

/// Bearer tokens of the operators' API: every query on `attest.api_tokens` and
/// `attest.api_token_scopes`.
///
/// ``create(name:tenants:expiresAt:readOnly:)``, ``list()`` and ``revoke(_:)`` need the operator role.
/// ``authenticate(secret:)`` is what a daemon role may do: ask which token a secret
/// belongs to, through the SECURITY DEFINER function of migration 006.
public struct APITokenRepository: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Makes a token scoped to the tenants with these slugs, valid until `expiresAt`,
    /// read-only or not. Returns it with its secret, which is stored nowhere: the
    /// caller shows it once.
    public func create(name: String, tenants slugs: [String], expiresAt: Date, readOnly: Bool) async throws -> (token: APIToken, secret: String) {
        let logger = database.logger
        do {
            let (id, secret) = try await database.withTransaction { connection in
                try await Self.create(name: name, tenants: slugs, expiresAt: expiresAt, readOnly: readOnly, connection: connection, logger: logger)
            }
            return (try await require(id: id), secret)
        } catch let error as PSQLError {
            throw Self.translate(error, name: name)
        }
    }

    /// Makes a token in the caller's transaction (the operator role's, or an admin's
    /// console session): its id and its secret, which is stored nowhere.
    public static func create(name: String, tenants slugs: [String], expiresAt: Date, readOnly: Bool,
                              connection: PostgresConnection, logger: Logger) async throws -> (id: UUID, secret: String) {
        guard RecordRules.isIdentifier(name) else {
            throw StorageError(.invalidInput, "name: token name \"\(name)\" is invalid: letters, digits, . _ -; at most 64, starting with a letter or digit")
        }
        guard !slugs.isEmpty else {
            throw StorageError(.invalidInput, "tenant: a token reaches only the tenants it names: name at least one")
        }
        var tenantIDs: [UUID] = []
        for slug in Set(slugs).sorted() {
            guard let tenant = try await TenantRepository.find(slug: slug, connection: connection, logger: logger) else {
                throw StorageError(.notFound, "tenant: no tenant with slug \"\(slug)\" (see `attest tenant list`)")
            }
            tenantIDs.append(tenant.id)
        }
        let secret = APITokenSecret.generate()
        let hash = ByteBuffer(bytes: APITokenSecret.hash(secret))
        do {
            let rows = try await connection.query("""
                INSERT INTO attest.api_tokens (name, secret_hash, expires_at, read_only)
                VALUES (\(name), \(hash), \(expiresAt), \(readOnly)) RETURNING id
                """, logger: logger)
            guard let id = try await rows.decode(UUID.self).first(where: { _ in true }) else {
                throw StorageError(.query, "inserting token \(name) returned no id")
            }
            try await connection.query("""
                INSERT INTO attest.api_token_scopes (tenant_id, token_id)
                SELECT t, \(id) FROM unnest(\(tenantIDs)::uuid[]) AS t
                """, logger: logger)
            return (id, secret)
        } catch let error as PSQLError {
            throw translate(error, name: name)
        }
    }

    /// Revokes the token `id` in the caller's transaction; whether such a token exists.
    /// Idempotent: the first revocation's time stays.
    public static func revoke(id: UUID, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("""
            UPDATE attest.api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = \(id) RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).first(where: { _ in true }) != nil
    }

    /// Every token, by name, without secrets.
    public func list() async throws -> [APIToken] {
        do {
            return try await tokens(id: nil, name: nil)
        } catch let error as PSQLError {
            throw Self.translate(error, name: "")
        }
    }

    /// Revokes the token with this id or name (idempotent: the first revocation's time stays).
    public func revoke(_ idOrName: String) async throws -> APIToken {
        let id = UUID(uuidString: idOrName)
        let rows: PostgresRowSequence
        do {
            rows = try await database.client.query("""
                UPDATE attest.api_tokens SET revoked_at = coalesce(revoked_at, now())
                WHERE (\(id)::uuid IS NOT NULL AND id = \(id)) OR (\(id)::uuid IS NULL AND name = \(idOrName))
                RETURNING id
                """, logger: database.logger)
        } catch let error as PSQLError {
            throw Self.translate(error, name: idOrName)
        }
        guard let revoked = try await rows.decode(UUID.self).first(where: { _ in true }) else {
            throw StorageError(.notFound, "no token with id or name \"\(idOrName)\" (see `attest token list`)")
        }
        return try await require(id: revoked)
    }

    /// The token a secret belongs to, if it exists, is not revoked and has not expired.
    /// For daemon roles.
    public func authenticate(secret: String) async throws -> AuthenticatedToken? {
        guard APITokenSecret.isWellFormed(secret) else { return nil }
        let hash = ByteBuffer(bytes: APITokenSecret.hash(secret))
        let rows = try await database.client.query(
            "SELECT token_id, token_name, tenant_ids, read_only FROM attest.authenticate_api_token(\(hash))", logger: database.logger)
        for try await (id, name, tenants, readOnly) in rows.decode((UUID, String, [UUID], Bool).self) {
            return AuthenticatedToken(id: id, name: name, tenantIDs: Set(tenants), readOnly: readOnly)
        }
        return nil
    }

    private func require(id: UUID) async throws -> APIToken {
        guard let token = try await tokens(id: id, name: nil).first else {
            throw StorageError(.notFound, "token \(id) vanished")
        }
        return token
    }

    private func tokens(id: UUID?, name: String?) async throws -> [APIToken] {
        let logger = database.logger
        return try await database.withTransaction { connection in try await Self.tokens(id: id, name: name, connection: connection, logger: logger) }
    }

    /// Every token (or the one with `id` or `name`), by name, without secrets, in the caller's transaction.
    public static func tokens(id: UUID? = nil, name: String? = nil, connection: PostgresConnection, logger: Logger) async throws -> [APIToken] {
        let rows = try await connection.query("""
            SELECT k.id, k.name, k.created_at, k.created_by, k.revoked_at, k.last_used_at,
                   coalesce(array_agg(t.slug ORDER BY t.slug) FILTER (WHERE t.slug IS NOT NULL), '{}'),
                   k.expires_at, k.read_only
            FROM attest.api_tokens AS k
            LEFT JOIN attest.api_token_scopes AS s ON s.token_id = k.id
            LEFT JOIN attest.tenants AS t ON t.id = s.tenant_id
            WHERE (\(id)::uuid IS NULL OR k.id = \(id)) AND (\(name)::text IS NULL OR k.name = \(name))
            GROUP BY k.id
            ORDER BY k.name
            """, logger: logger)
        return try await rows.decode((UUID, String, Date, String, Date?, Date?, [String], Date, Bool).self).reduce(into: []) {
            $0.append(APIToken(id: $1.0, name: $1.1, createdAt: $1.2, createdBy: $1.3, revokedAt: $1.4, lastUsedAt: $1.5,
                               tenants: $1.6, expiresAt: $1.7, readOnly: $1.8))
        }
    }

    private static func translate(_ error: PSQLError, name: String) -> any Error {
        switch (PostgresErrorText.sqlState(error), PostgresErrorText.constraint(error)) {
        case ("23505", "api_tokens_name_key"?):
            return StorageError(.conflict, "name: a token named \"\(name)\" already exists (revoke it or choose another name)")
        case ("42501", _):
            return StorageError(.unsafeRole, "permission denied: API tokens are managed by the operator role (attest_operator): \(PostgresErrorText.describe(error))")
        default:
            return error
        }
    }
}
