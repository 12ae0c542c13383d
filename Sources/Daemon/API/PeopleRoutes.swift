import Compliance
import Hummingbird
import Storage

/// `GET|POST /tenants/{slug}/people` and `POST …/people/{person_id}/trainings`: what
/// `attest person add` and `attest training complete` record.
struct PeopleRoutes {
    let scope: APIScope

    func add(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants/:slug/people") { request, context in
            try await scope.idPage(request, context, item: PersonJSON.init, id: \.person.externalID) { after, limit, tenant, connection, logger in
                try await PeopleRepository().page(after: after, limit: limit, context: tenant, connection: connection, logger: logger)
            }
        }
        group.post("tenants/:slug/people") { request, context in
            let body = try await JSONBody.read(request, context: context, allowed: ["person_id", "name", "email", "roles"])
            let email = try body.optionalString("email", maxLength: 254)
            if let email {
                do { _ = try TenantValidation.email(email) } catch { throw APIError.invalid("email", "is not an e-mail address") }
            }
            let person = PersonRecord(externalID: try body.string("person_id", maxLength: 64), name: try body.string("name"),
                                      email: email, roles: try body.choices("roles", PersonRecord.Role.self))
            try await scope.run(context) { tenant, connection, logger in
                _ = try await PeopleRepository().save([person], context: tenant, connection: connection, logger: logger)
            }
            return try APIJSON.response(ChangeJSON(subject: "person \(person.externalID)", report: ReconcileReport()))
        }
        group.post("tenants/:slug/people/:person_id/trainings") { request, context in
            let body = try await JSONBody.read(request, context: context, allowed: ["completed_on", "curriculum"])
            let person = try context.parameters.require("person_id")
            let training = TrainingRecord(personID: person, completedOn: try body.date("completed_on"),
                                          curriculum: try body.optionalString("curriculum", maxLength: 64))
            let report = try await scope.run(context) { tenant, connection, logger in
                try await PeopleRepository().saveTrainings([training], context: tenant, connection: connection, logger: logger)
            }
            return try APIJSON.response(ChangeJSON(subject: "person \(person)", report: report))
        }
    }
}
