import Compliance
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Storage

/// Which tenants a request may reach, and the one way routes touch a tenant's data.
///
/// A tenant is reachable when this daemon hosts it (its selection, enabled, granted to
/// its database role) *and* the token is scoped to it. Anything else — unknown, another
/// daemon's, outside the token's scope — answers the same 404. Every database access
/// then runs through ``TenantWork``, i.e. `Database.withTenant`: row-level security
/// confines it to that tenant's rows.
struct APIScope: Sendable {
    let database: Database
    let selection: TenantSelection

    /// The reachable tenants, by slug.
    func tenants(for token: AuthenticatedToken) async throws -> [Tenant] {
        try await TenantRepository(database: database).list().filter { tenant in
            !tenant.isDisabled && token.tenantIDs.contains(tenant.id) && hosts(tenant)
        }
    }

    /// The reachable tenant named by the route's `slug`, or 404.
    func tenant(_ context: APIRequestContext) async throws -> Tenant {
        let token = try context.requireToken()
        let slug = try context.parameters.require("slug")
        guard let tenant = try await tenants(for: token).first(where: { $0.slug == slug }) else {
            throw APIError.notFound("no tenant \"\(slug)\" is reachable with this token")
        }
        return tenant
    }

    /// Runs `body` in one transaction for the route's tenant, acting as the token.
    /// `fields` renames record-rule fields to the request's own names.
    func run<Result: Sendable>(
        _ context: APIRequestContext, fields: [String: String] = [:],
        _ body: @Sendable (TenantContext, PostgresConnection, Logger) async throws -> Result
    ) async throws -> Result {
        let tenant = try await tenant(context)
        let actor = try context.requireToken().actor
        let logger = database.logger
        do {
            return try await TenantWork(database: database).run(tenant: tenant, actor: actor) { tenantContext, connection in
                try await body(tenantContext, connection, logger)
            }
        } catch let violation as RecordViolation {
            guard let field = fields[violation.field] else { throw violation }
            throw RecordViolation(field: field, violation.message)
        }
    }

    /// One page of a list ordered by id: the rows after the cursor's id, as JSON.
    func idPage<Row: Sendable, Item: Encodable & Sendable>(
        _ request: Request, _ context: APIRequestContext, item: (Row) -> Item, id: (Row) -> String,
        _ fetch: @escaping @Sendable (_ after: String?, _ limit: Int, TenantContext, PostgresConnection, Logger) async throws -> [Row]
    ) async throws -> Response {
        let page = try PageQuery(request, keyParts: 1)
        let rows = try await run(context) { tenant, connection, logger in
            try await fetch(page.after?[0], page.fetch, tenant, connection, logger)
        }
        return try APIJSON.response(Page(rows: rows, limit: page.limit, item: item, key: { [id($0)] }))
    }

    /// Today in the tenant's time zone.
    static func today(in tenant: Tenant) throws -> CivilDate {
        try LocalSendTime(timeZone: tenant.timeZone, hour: 0).civilDate(of: Date())
    }

    private func hosts(_ tenant: Tenant) -> Bool {
        switch selection {
        case .all: true
        case .slugs(let slugs): slugs.contains(tenant.slug)
        }
    }
}
