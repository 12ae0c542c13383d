import Foundation
import Logging
import PostgresNIO

/// Tenant administration across tenants, for the operator role (`attest tenant …`).
///
/// The read queries also serve a daemon role: row-level security then shows it the
/// tenants it is mapped to (without their contacts, which need a tenant scope).
///
/// Every query on `attest.tenants`, `attest.tenant_contacts` and
/// `attest.tenant_access` made by operators lives here.
public struct TenantRepository: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Creates a tenant with its contacts and daemon-role grants, all or nothing.
    public func add(_ draft: TenantDraft) async throws -> Tenant {
        do {
            let id: UUID = try await database.withTransaction { connection in
                let id = try await insertTenant(draft, connection: connection)
                for contact in draft.contacts {
                    try await insertContact(contact, tenant: id, connection: connection)
                }
                for role in draft.daemonRoles {
                    try await insertGrant(role: role, tenant: id, connection: connection)
                }
                return id
            }
            return try await require(id: id)
        } catch let error as PSQLError {
            throw translate(error, slug: draft.slug)
        }
    }

    /// Every tenant, ordered by slug.
    public func list() async throws -> [Tenant] {
        try await tenants(slug: nil, id: nil)
    }

    /// Every tenant the connection's role and scope may see, ordered by slug (the
    /// console reads them inside its session's transaction).
    public static func list(connection: PostgresConnection, logger: Logger) async throws -> [Tenant] {
        try await tenants(slug: nil, id: nil) { try await connection.query($0, logger: logger) }
    }

    /// The tenant with this slug if the connection's role and scope may see it.
    public static func find(slug: String, connection: PostgresConnection, logger: Logger) async throws -> Tenant? {
        try await tenants(slug: slug, id: nil) { try await connection.query($0, logger: logger) }.first
    }

    /// The tenants matching the filters (all when both are nil), with their details:
    /// each query on a connection of the pool as it comes.
    private func tenants(slug: String?, id: UUID?) async throws -> [Tenant] {
        let (client, logger) = (database.client, database.logger)
        return try await Self.tenants(slug: slug, id: id) { try await client.query($0, logger: logger) }
    }

    /// The tenants matching the filters, each query made through `run`.
    private static func tenants(
        slug: String?, id: UUID?, run: (PostgresQuery) async throws -> PostgresRowSequence
    ) async throws -> [Tenant] {
        let rows = try await run("""
            SELECT t.id, t.slug, t.legal_name, t.time_zone, to_char(t.image_agreement_on, 'YYYY-MM-DD'),
                   t.send_hour, t.disabled_at, t.created_at
            FROM attest.tenants AS t
            WHERE (\(slug)::text IS NULL OR t.slug = \(slug)) AND (\(id)::uuid IS NULL OR t.id = \(id))
            ORDER BY t.slug
            """)
        var tenants: [Tenant] = []
        for try await columns in rows.decode((UUID, String, String, String, String?, Int, Date?, Date).self) {
            tenants.append(Tenant(
                id: columns.0, slug: columns.1, legalName: columns.2, timeZone: columns.3,
                imageAgreementDate: columns.4, sendHour: columns.5, disabledAt: columns.6,
                createdAt: columns.7, contacts: [], daemonRoles: []))
        }
        return try await withDetails(tenants, run: run)
    }

    /// The tenant with this slug, or a not-found error naming it.
    public func require(slug: String) async throws -> Tenant {
        guard let tenant = try await tenants(slug: slug, id: nil).first else {
            throw StorageError(.notFound, "no tenant with slug \"\(slug)\" (see `attest tenant list`)")
        }
        return tenant
    }

    /// Disables a tenant: its daemons refuse to start. Idempotent.
    public func disable(slug: String) async throws -> Tenant {
        let rows = try await database.client.query("""
            UPDATE attest.tenants SET disabled_at = COALESCE(disabled_at, now())
            WHERE slug = \(slug) RETURNING id
            """, logger: database.logger)
        guard try await rows.decode(UUID.self).first(where: { _ in true }) != nil else {
            throw StorageError(.notFound, "no tenant with slug \"\(slug)\" (see `attest tenant list`)")
        }
        return try await require(slug: slug)
    }

    /// Allows a daemon login role to act for the tenant. The role must exist, log in, be a
    /// member of `attest_app`, have no members and be no other kind of Attest role.
    public func grant(slug: String, role: String) async throws -> Tenant {
        let tenant = try await require(slug: slug)
        try await database.withTransaction { connection in
            try await insertGrant(role: try TenantValidation.roleName(role), tenant: tenant.id, connection: connection)
        }
        return try await require(slug: slug)
    }

    /// Takes the tenant away from a daemon role: its daemon stops serving the tenant at
    /// its next check (within a minute with `--all-tenants`).
    public func revoke(slug: String, role: String) async throws -> Tenant {
        let tenant = try await require(slug: slug)
        let rows = try await database.client.query("""
            DELETE FROM attest.tenant_access WHERE tenant_id = \(tenant.id) AND role_name = \(role) RETURNING role_name::text
            """, logger: database.logger)
        guard try await rows.decode(String.self).first(where: { _ in true }) != nil else {
            throw StorageError(.notFound, "database role \"\(role)\" has no grant for tenant \(slug) (see `attest tenant show \(slug)`)")
        }
        return try await require(slug: slug)
    }

    private func require(id: UUID) async throws -> Tenant {
        guard let tenant = try await tenants(slug: nil, id: id).first else {
            throw StorageError(.notFound, "tenant \(id) vanished")
        }
        return tenant
    }

    private func insertTenant(_ draft: TenantDraft, connection: PostgresConnection) async throws -> UUID {
        let rows = try await connection.query("""
            INSERT INTO attest.tenants (slug, legal_name, time_zone, image_agreement_on, send_hour)
            VALUES (\(draft.slug), \(draft.legalName), \(draft.timeZone),
                    \(draft.imageAgreementDate)::date, \(draft.sendHour))
            RETURNING id
            """, logger: database.logger)
        for try await id in rows.decode(UUID.self) { return id }
        throw StorageError(.query, "inserting tenant \(draft.slug) returned no id")
    }

    private func insertContact(_ contact: TenantContact, tenant: UUID, connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO attest.tenant_contacts (tenant_id, name, email, role)
            VALUES (\(tenant), \(contact.name), \(contact.email), \(contact.role.rawValue))
            ON CONFLICT (tenant_id, email, role) DO NOTHING
            """, logger: database.logger)
    }

    /// Grants `role` the tenant. The table's trigger (`attest.tenant_grant_problem`, migration
    /// 017) refuses any role but a login role in attest_app, with no members, none of
    /// Attest's group, owner, operator or console roles; its reason becomes the error.
    /// Grants `role` the tenant. A grant that names the role but another oid (the role
    /// was dropped and re-created, or the database restored into another cluster) is
    /// replaced: granting again is how an operator vouches for the role as it is now.
    private func insertGrant(role: String, tenant: UUID, connection: PostgresConnection) async throws {
        do {
            try await connection.query("""
                DELETE FROM attest.tenant_access AS a
                WHERE a.tenant_id = \(tenant) AND a.role_name = \(role)
                  AND a.role_oid IS DISTINCT FROM (SELECT r.oid FROM pg_catalog.pg_roles AS r WHERE r.rolname = \(role))
                """, logger: database.logger)
            try await connection.query("""
                INSERT INTO attest.tenant_access (tenant_id, role_name) VALUES (\(tenant), \(role))
                ON CONFLICT DO NOTHING
                """, logger: database.logger)
        } catch let error as PSQLError where PostgresErrorText.constraint(error) == "tenant_access_role_safe" {
            throw StorageError(.invalidInput, error.serverInfo?[.message] ?? PostgresErrorText.describe(error))
        }
    }

    private static func withDetails(_ tenants: [Tenant], run: (PostgresQuery) async throws -> PostgresRowSequence) async throws -> [Tenant] {
        var byID = Dictionary(uniqueKeysWithValues: tenants.map { ($0.id, $0) })
        let contacts = try await run("""
            SELECT tenant_id, name, email, role FROM attest.tenant_contacts
            WHERE tenant_id = ANY(\(tenants.map(\.id))::uuid[]) ORDER BY tenant_id, role, email
            """)
        for try await (tenant, name, email, role) in contacts.decode((UUID, String, String, String).self) {
            byID[tenant]?.contacts.append(TenantContact(name: name, email: email, role: .init(rawValue: role) ?? .compliance))
        }
        let grants = try await run(
            "SELECT tenant_id, role_name::text FROM attest.tenant_access WHERE tenant_id = ANY(\(tenants.map(\.id))::uuid[]) ORDER BY tenant_id, role_name")
        for try await (tenant, role) in grants.decode((UUID, String).self) {
            byID[tenant]?.daemonRoles.append(role)
        }
        return tenants.compactMap { byID[$0.id] }
    }

    private func translate(_ error: PSQLError, slug: String) -> any Error {
        switch (PostgresErrorText.sqlState(error), PostgresErrorText.constraint(error)) {
        case ("23505", "tenants_slug_key"?):
            return StorageError(.conflict, "a tenant with slug \"\(slug)\" already exists")
        case ("23514", "tenants_time_zone_known"?):
            return StorageError(.invalidInput, "the database does not know this time zone: \(PostgresErrorText.describe(error))")
        case ("42501", _):
            return StorageError(.unsafeRole, "permission denied: tenant administration needs the operator role (attest_operator): \(PostgresErrorText.describe(error))")
        default:
            return error
        }
    }
}

