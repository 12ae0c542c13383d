import Compliance
import Hummingbird
import Storage

/// The yearly program: the audits and network companies, and what `attest audit schedule | complete`, `attest report submit`,
/// `attest policy review`, `attest curriculum publish` and `attest network add |
/// communicated` record.
struct ProgramRoutes {
    let scope: APIScope

    func add(to group: RouterGroup<APIRequestContext>) {
        addAnnual(to: group)
        addProgram(to: group)
        addNetwork(to: group)
    }

    private func addAnnual(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants/:slug/audits") { _, context in
            let audits = try await scope.run(context) { tenant, connection, logger in
                try await AnnualRepository().audits(context: tenant, connection: connection, logger: logger)
            }
            return try APIJSON.response(AuditList(items: audits.map(AuditJSON.init)))
        }
        scope.post("tenants/:slug/audits", on: group, fields: ["year", "from", "to", "firm", "auditor", "on"]) { body, context in
            let year = try body.int("year", in: RecordRules.recordYears)
            let (from, to) = (try body.date("from"), try body.date("to"))
            guard from <= to else { throw APIError.invalid("to", "must not be before from (\(from))") }
            let auditor = try Self.auditor(body)
            let day = try body.optionalDate("on")
            return RecordWork(subject: "audit \(year)") { tenant, connection, logger in
                try await AnnualRepository().scheduleAudit(year: year, period: from...to, auditor: auditor, on: day ?? APIScope.today(in: tenant.tenant),
                                                           context: tenant, connection: connection, logger: logger)
                return ReconcileReport()
            }
        }
        scope.post("tenants/:slug/audits/:year/complete", on: group, fields: ["on", "findings"]) { body, context in
            let (year, day, findings) = (try APIScope.year(context), try body.date("on"), try body.string("findings", maxLength: 4_000))
            return RecordWork(subject: "audit \(year)") { tenant, connection, logger in
                try await AnnualRepository().completeAudit(year: year, on: day, findings: findings, context: tenant, connection: connection, logger: logger)
            }
        }
        scope.post("tenants/:slug/reports/:year/submit", on: group, fields: ["on", "reference"]) { body, context in
            let (year, day) = (try APIScope.year(context), try body.date("on"))
            let reference = try body.optionalString("reference", maxLength: 200) ?? ""
            return RecordWork(subject: "report \(year)") { tenant, connection, logger in
                try await AnnualRepository().submitReport(year: year, on: day, reference: reference, context: tenant, connection: connection, logger: logger)
            }
        }
    }

    private func addProgram(to group: RouterGroup<APIRequestContext>) {
        scope.post("tenants/:slug/policies/:policy_id/review", on: group, fields: ["kind", "title", "on"], renaming: ["policy": "policy_id"]) { body, context in
            let id = try context.parameters.require("policy_id")
            let (kind, title, day) = (try body.choice("kind", ProgramRepository.PolicyKind.self), try body.string("title"), try body.date("on"))
            return RecordWork(subject: "policy \(id)") { tenant, connection, logger in
                try await ProgramRepository().reviewPolicy(id: id, kind: kind, title: title, on: day, context: tenant, connection: connection, logger: logger)
            }
        }
        scope.post("tenants/:slug/curricula", on: group, fields: ["version", "on"]) { body, _ in
            let (version, day) = (try body.string("version", maxLength: 64), try body.date("on"))
            return RecordWork(subject: "curriculum \(version)") { tenant, connection, logger in
                try await ProgramRepository().publishCurriculum(version: version, on: day, context: tenant, connection: connection, logger: logger)
            }
        }
    }

    private func addNetwork(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants/:slug/network/companies") { request, context in
            try await scope.idPage(request, context, item: NetworkCompanyJSON.init, id: \.company.companyID) { after, limit, tenant, connection, logger in
                try await NetworkRepository().companyPage(after: after, limit: limit, context: tenant, connection: connection, logger: logger)
            }
        }
        scope.post("tenants/:slug/network/companies", on: group, fields: ["company_id", "name", "contact_name", "contact_email", "joined_on"],
                   renaming: ["company": "company_id"]) { body, _ in
            let email = try body.optionalString("contact_email", maxLength: 254)
            if let email {
                do { _ = try TenantValidation.email(email) } catch { throw APIError.invalid("contact_email", "is not an e-mail address") }
            }
            let company = NetworkCompanyRecord(companyID: try body.string("company_id", maxLength: 64), name: try body.string("name"),
                                               contactName: try body.optionalString("contact_name"), contactEmail: email,
                                               joinedOn: try body.date("joined_on"))
            return RecordWork(subject: "company \(company.companyID)") { tenant, connection, logger in
                try await NetworkRepository().saveCompany(company, context: tenant, connection: connection, logger: logger)
            }
        }
        scope.post("tenants/:slug/network/companies/:company_id/communicated", on: group, fields: ["on", "channel", "reference"]) { body, context in
            let (id, day) = (try context.parameters.require("company_id"), try body.date("on"))
            let channel = try body.optionalString("channel", maxLength: 64) ?? "email"
            let reference = try body.optionalString("reference", maxLength: 200) ?? ""
            return RecordWork(subject: "company \(id)") { tenant, connection, logger in
                try await NetworkRepository().recordCommunication(company: id, on: day, channel: channel, reference: reference,
                                                                  context: tenant, connection: connection, logger: logger)
            }
        }
    }

    /// Exactly one of `firm` (an external firm) and `auditor` (an internal person's id).
    private static func auditor(_ body: JSONBody) throws(APIError) -> AnnualRepository.Auditor {
        switch (try body.optionalString("firm"), try body.optionalString("auditor", maxLength: 64)) {
        case (let firm?, nil): .externalFirm(firm)
        case (nil, let person?): .internalPerson(person)
        default: throw APIError.invalid("auditor", "give either firm (an external firm) or auditor (an internal person's id), not both or neither")
        }
    }
}
