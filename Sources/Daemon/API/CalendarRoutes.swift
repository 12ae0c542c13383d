import Compliance
import Foundation
import Hummingbird
import Storage

/// The tenant's calendar and rules: what `attest closure` and `attest settings`
/// record, each followed by the recomputation of the tenant's obligations.
struct CalendarRoutes {
    let scope: APIScope

    func add(to group: RouterGroup<APIRequestContext>) {
        scope.post("tenants/:slug/closures", on: group, fields: ["day", "note", "remove"]) { body, _ in
            let (day, note, remove) = (try body.date("day"), try body.optionalString("note") ?? "", try body.bool("remove", default: false))
            return RecordWork(subject: "closure \(day)") { tenant, connection, logger in
                try await CalendarRepository().setClosure(day, note: note, remove: remove, context: tenant, today: try APIScope.today(in: tenant.tenant),
                                                         connection: connection, logger: logger)
            }
        }
        group.put("tenants/:slug/settings") { request, context in
            let json = try await JSONBody.readObject(request, context: context)
            let report = try await scope.run(context) { tenant, connection, logger in
                try await CalendarRepository().replaceSettings(json: json, context: tenant, today: try APIScope.today(in: tenant.tenant),
                                                              connection: connection, logger: logger)
            }
            return try APIJSON.response(ChangeJSON(subject: "settings of \(try context.parameters.require("slug"))", report: report))
        }
    }
}
