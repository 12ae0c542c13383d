import Compliance
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Storage

/// The one way console pages reach records: every read runs in a transaction that
/// names the signed-in session, so row-level security shows only the tenants of its
/// account (sql/011_console.sql). A tenant the account may not see is not found, like
/// one that does not exist: both answer the same 404.
struct ConsoleScope: Sendable {
    let store: ConsoleSessionStore
    let logger: Logger

    /// Runs `body` with the session's scope, across the tenants it may see.
    func read<Result: Sendable>(_ session: ConsoleSession, _ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await store.withSession(session, body)
    }

    /// Runs `body` for the tenant named by the route's `slug`, with its rules loaded.
    func tenant<Result: Sendable>(
        _ context: ConsoleRequestContext, _ body: (TenantContext, PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let session = try context.signedIn()
        let slug = try context.parameters.require("slug")
        let logger = logger
        return try await store.withSession(session) { connection in
            guard let tenant = try await TenantRepository.find(slug: slug, connection: connection, logger: logger) else {
                throw ConsolePageError.notFound
            }
            let tenantContext = try await TenantContext.load(tenant: tenant, actor: session.actor, connection: connection, logger: logger)
            return try await body(tenantContext, connection)
        }
    }

    /// Runs `body` to record work for the tenant named by the route's `slug`, acting as
    /// the signed-in account: the transaction also names the tenant, which the write
    /// policies require (sql/012_console_writes.sql). Constraint violations come back
    /// as the messages the CLI prints; anything thrown rolls the whole work back.
    func write<Result: Sendable>(
        _ context: ConsoleRequestContext, _ body: (TenantContext, PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let logger = logger
        do {
            return try await tenant(context) { tenant, connection in
                try await Database.actFor(tenant.tenant.id, connection: connection, logger: logger)
                return try await body(tenant, connection)
            }
        } catch let error as PSQLError {
            throw RecordErrors.translate(error)
        }
    }

    /// Today in the tenant's time zone.
    static func today(in tenant: Tenant) -> CivilDate {
        (try? LocalSendTime(timeZone: tenant.timeZone, hour: 0).civilDate(of: Date())) ?? utcToday()
    }

    /// Today in UTC (the overview's day: tenants span time zones).
    static func utcToday() -> CivilDate {
        CivilDate(dayNumber: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
