import Compliance
import Hummingbird
import Storage

/// `GET /tenants`, `/tenants/{slug}`, `…/status` and `…/agenda`.
struct TenantRoutes {
    let scope: APIScope

    func add(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants") { _, context in
            let tenants = try await scope.tenants(for: try context.requireToken())
            return try APIJSON.response(TenantList(items: tenants.map(TenantJSON.init)))
        }
        group.get("tenants/:slug") { _, context in
            try APIJSON.response(TenantJSON(try await scope.tenant(context)))
        }
        group.get("tenants/:slug/status") { _, context in
            let status = try await scope.run(context) { tenant, connection, logger in
                try await AgendaRepository().status(today: try APIScope.today(in: tenant.tenant), connection: connection, logger: logger)
                    .first { $0.tenant == tenant.tenant.slug }
            }
            guard let status else { throw APIError.notFound("no status for this tenant") }
            return try APIJSON.response(status)
        }
        group.get("tenants/:slug/agenda") { request, context in
            let query = request.uri.queryParameters
            let days = try Self.days(query["days"].map(String.init))
            let from = try query["from"].map { text throws(APIError) in try Self.date(String(text), parameter: "from") }
            let agenda = try await scope.run(context) { tenant, connection, logger in
                AgendaList(items: try await AgendaRepository().agenda(from: from ?? APIScope.today(in: tenant.tenant), days: days,
                                                                      context: tenant, connection: connection, logger: logger),
                           exceptions: try await HireExceptionStore.list(context: tenant, connection: connection, logger: logger))
            }
            return try APIJSON.response(agenda)
        }
    }

    private static func days(_ text: String?) throws(APIError) -> Int {
        guard let text else { return 14 }
        guard let days = Int(text), (1...APILimits.maxAgendaDays).contains(days) else {
            throw APIError.badParameter("days", "must be a whole number from 1 to \(APILimits.maxAgendaDays)")
        }
        return days
    }

    /// A `YYYY-MM-DD` query parameter.
    static func date(_ text: String, parameter: String) throws(APIError) -> CivilDate {
        do {
            return try CivilDate(iso: text)
        } catch {
            throw APIError.badParameter(parameter, "must be a date as YYYY-MM-DD (got \"\(text)\")")
        }
    }

    private struct TenantList: Encodable { let items: [TenantJSON] }
    /// The open obligations of the window, and the hiring-safeguard exceptions to review.
    private struct AgendaList: Encodable, Sendable {
        let items: [AgendaItem]
        let exceptions: [HireException]
    }
}
