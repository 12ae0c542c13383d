import Compliance
import Hummingbird
import Storage

/// `GET /tenants/{slug}/tips` (metadata, language and public answer: never what a tip
/// says) and the protocol steps `attest tip acknowledge | investigate | respond | close` record.
struct TipRoutes {
    let scope: APIScope

    func add(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants/:slug/tips") { request, context in
            try await scope.idPage(request, context, item: TipJSON.init, id: \.tipID) { after, limit, tenant, connection, logger in
                try await EventRecordsRepository().tipPage(after: after, limit: limit, context: tenant, connection: connection, logger: logger)
            }
        }
        record("acknowledge", fields: ["on"]) { body in .acknowledge(on: try body.date("on")) }
        record("investigate", fields: ["on"]) { body in .investigate(on: try body.date("on")) }
        record("respond", fields: ["on", "steps", "answer"]) { body in
            .respond(on: try body.date("on"), steps: try body.string("steps", maxLength: 2_000), answer: try body.optionalString("answer", maxLength: 4_000))
        }
        record("close", fields: ["on"]) { body in .close(on: try body.date("on")) }

        func record(_ step: String, fields: Set<String>, _ change: @escaping @Sendable (JSONBody) throws -> TipChange) {
            group.post("tenants/:slug/tips/:tip_id/\(step)") { request, context in
                let id = try context.parameters.require("tip_id")
                let work = try change(try await JSONBody.read(request, context: context, allowed: fields))
                let report = try await scope.run(context, fields: ["acknowledged_on": "on", "responded_on": "on", "closed_on": "on"]) {
                    tenant, connection, logger in
                    try await EventRecordsRepository().record(work, tip: id, context: tenant, connection: connection, logger: logger)
                }
                return try APIJSON.response(ChangeJSON(subject: "tip \(id)", report: report))
            }
        }
    }
}
