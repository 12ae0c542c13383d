import Compliance
import Foundation
import Hummingbird
import Storage

/// `GET /tenants/{slug}/obligations` (filters `status`, `due_before`) and
/// `GET …/deliveries` (the most recent first, with their outcome).
struct ObligationRoutes {
    let scope: APIScope
    static let states = ["open", "done", "waived", "cancelled"]

    func add(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants/:slug/obligations") { request, context in
            let page = try PageQuery(request, keyParts: 2)
            var filter = try Self.filter(request.uri.queryParameters)
            if let after = page.after {
                guard let day = try? CivilDate(iso: after[0]), let id = UUID(uuidString: after[1]) else {
                    throw APIError.badParameter("cursor", "is not a cursor this API returned")
                }
                filter.after = (day, id)
            }
            let rows = try await scope.run(context) { [filter] tenant, connection, logger in
                try await ObligationStore.list(filter, limit: page.fetch, context: tenant, connection: connection, logger: logger)
            }
            return try APIJSON.response(Page(rows: rows, limit: page.limit, item: ObligationJSON.init,
                                             key: { [$0.dueOn, $0.id.uuidString] }))
        }
        group.get("tenants/:slug/deliveries") { request, context in
            let page = try PageQuery(request, keyParts: 2)
            let before = try page.after.map { after throws(APIError) -> (key: String, id: UUID) in
                guard let id = UUID(uuidString: after[1]) else { throw APIError.badParameter("cursor", "is not a cursor this API returned") }
                return (after[0], id)
            }
            let rows = try await scope.run(context) { tenant, connection, logger in
                try await DeliveryQueue().recent(before: before, limit: page.fetch, context: tenant, connection: connection, logger: logger)
            }
            return try APIJSON.response(Page(rows: rows, limit: page.limit, item: DeliveryJSON.init, key: { [$0.key, $0.id.uuidString] }))
        }
    }

    private static func filter(_ query: Parameters) throws(APIError) -> ObligationFilter {
        var filter = ObligationFilter()
        if let status = query["status"].map(String.init) {
            guard states.contains(status) else { throw APIError.badParameter("status", "must be one of \(states.joined(separator: ", "))") }
            filter.state = status
        }
        filter.dueBefore = try query["due_before"].map { text throws(APIError) in try TenantRoutes.date(String(text), parameter: "due_before") }
        return filter
    }
}
