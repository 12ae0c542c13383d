import Compliance
import Hummingbird
import Storage

/// Hires: lists, one hire with its obligations, and what `attest hire add | terminate`,
/// `attest i9 complete-section1 | complete-section2 | review | receive-document | reverify` and
/// `attest everify open | tnc | refer | close` record.
struct HireRoutes {
    let scope: APIScope

    func add(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants/:slug/hires") { request, context in
            try await scope.idPage(request, context, item: HireSummaryJSON.init, id: \.externalID) { after, limit, tenant, connection, logger in
                try await HireRepository().page(after: after, limit: limit, context: tenant, connection: connection, logger: logger)
            }
        }
        group.get("tenants/:slug/hires/:employee_id") { _, context in
            let id = try context.parameters.require("employee_id")
            let hire = try await scope.run(context) { tenant, connection, logger in
                let hire = try await HireRepository().load(id, context: tenant, connection: connection, logger: logger)
                let subjects = [Subject(.hire, id)] + (hire.eVerifyCase.map { [Subject(.eVerifyCase, $0.caseNumber)] } ?? [])
                let obligations = try await ObligationStore.list(ObligationFilter(subjects: subjects), limit: 1_000,
                                                                 context: tenant, connection: connection, logger: logger)
                return HireJSON(hire, obligations: obligations)
            }
            return try APIJSON.response(hire)
        }
        group.post("tenants/:slug/hires") { request, context in
            let body = try await JSONBody.read(request, context: context, allowed: Set([
                "employee_id", "start_date", "job_days", "citizenship", "work_authorization_expires", "everify_required",
                "no_everify_reason", "offer_accepted_on", "remote_examination", "site", "preparer",
            ] + HireDocumentFields.names))
            let facts = try Self.facts(body)
            let report = try await scope.run(context) { tenant, connection, logger in
                try await HireRepository().saveFacts(facts, context: tenant, connection: connection, logger: logger)
            }
            return try APIJSON.response(ChangeJSON(subject: "hire \(facts.externalID)", report: report))
        }
        record("termination", fields: ["on", "reason"], renaming: ["termination_date": "on", "termination_reason": "reason"]) { body in
            .terminate(on: try body.date("on"), reason: try body.optionalString("reason", maxLength: 500))
        }
        record("rehire", fields: ["on"], renaming: ["rehire": "on"]) { body in .rehire(on: try body.date("on")) }
        record("i9/section1", fields: ["on"], renaming: ["section1_completed_on": "on"]) { body in .section1(on: try body.date("on")) }
        record("i9/receive-document", fields: ["on"], renaming: ["receipt_document_received_on": "on"]) { body in
            .documentReceived(on: try body.date("on"))
        }
        record("i9/section2", fields: ["on", "preparer"], renaming: ["section2_preparer": "preparer"]) { body in
            .section2(on: try body.date("on"), preparer: try body.string("preparer", maxLength: 64))
        }
        record("i9/review", fields: ["on", "reviewer"], renaming: ["reviewed_on": "on"]) { body in
            .review(on: try body.date("on"), reviewer: try body.string("reviewer", maxLength: 64))
        }
        record("everify/open", fields: ["case_number", "on", "late_reason"], renaming: ["everify_case_number": "case_number"]) { body in
            var opened = EVerifyCaseRecord(caseNumber: try body.string("case_number", maxLength: 32), createdOn: try body.date("on"))
            opened.lateReason = try body.optionalChoice("late_reason", EVerifyCaseRecord.LateReason.self)
            return .openCase(opened)
        }
        record("i9/reverify", fields: ["on", "document", "expires", "ead_renewal_filed_on", "extended_until", "receipt"]) { body in
            .reverify(try Self.reverification(body))
        }
        record("everify/tnc", fields: ["on"], renaming: ["everify_tnc_on": "on"]) { body in .tnc(on: try body.date("on")) }
        record("everify/refer", fields: ["on"], renaming: ["everify_referred_on": "on"]) { body in .refer(on: try body.date("on")) }
        record("everify/close", fields: ["on", "reason"], renaming: ["everify_closed_on": "on"]) { body in
            .closeCase(on: try body.date("on"), reason: try body.string("reason", maxLength: 500))
        }

        func record(_ path: String, fields: Set<String>, renaming: [String: String] = [:],
                    _ change: @escaping @Sendable (JSONBody) throws -> HireChange) {
            group.post("tenants/:slug/hires/:employee_id/\(path)") { request, context in
                let id = try context.parameters.require("employee_id")
                let work = try change(try await JSONBody.read(request, context: context, allowed: fields))
                let report = try await scope.run(context, fields: renaming) { tenant, connection, logger in
                    try await HireRepository().record(work, hire: id, context: tenant, connection: connection, logger: logger)
                }
                return try APIJSON.response(ChangeJSON(subject: "hire \(id)", report: report))
            }
        }
    }

    private static func facts(_ body: JSONBody) throws -> HireRecord {
        var hire = HireRecord(externalID: try body.string("employee_id", maxLength: 64), startDate: try body.date("start_date"))
        hire.jobBusinessDays = try body.optionalInt("job_days", in: 1...3_650)
        hire.citizenship = try body.optionalChoice("citizenship", CitizenshipStatus.self)
        hire.workAuthorizationExpires = try body.optionalDate("work_authorization_expires")
        hire.noCaseReason = try body.optionalChoice("no_everify_reason", NoCaseReason.self)
        hire.eVerifyRequired = try body.bool("everify_required", default: hire.noCaseReason == nil)
        hire.offerAcceptedOn = try body.optionalDate("offer_accepted_on")
        hire.remoteExamination = try body.bool("remote_examination", default: false)
        hire.site = try body.optionalString("site", maxLength: 64)
        hire.preparerID = try body.optionalString("preparer", maxLength: 64)
        switch try documentFields(body).resolve() {
        case .success(let (documents, receipt)):
            hire.documents = documents
            hire.receipt = receipt
        case .failure(let error):
            // Rules between fields, which the schema cannot state: a record rule (422 rule_violation).
            let first = error.problems[0]
            throw RecordViolation(field: first.field, error.problems.map { $0.field == first.field ? $0.message : $0.description }
                .joined(separator: "; "))
        }
        return hire
    }

    private static func documentFields(_ body: JSONBody) throws(APIError) -> HireDocumentFields {
        var fields = HireDocumentFields()
        fields.listAKind = try body.optionalChoice("list_a_document", DocumentKind.self)
        fields.listAExpires = try body.optionalDate("list_a_expires")
        fields.eadRenewalFiledOn = try body.optionalDate("ead_renewal_filed_on")
        fields.listAExtendedUntil = try body.optionalDate("list_a_extended_until")
        fields.listBKind = try body.optionalChoice("list_b_document", DocumentKind.self)
        fields.listBExpires = try body.optionalDate("list_b_expires")
        fields.listCKind = try body.optionalChoice("list_c_document", DocumentKind.self)
        fields.listCExpires = try body.optionalDate("list_c_expires")
        fields.listCExtendedUntil = try body.optionalDate("list_c_extended_until")
        fields.receipt = try body.optionalChoice("receipt", ReceiptKind.self)
        fields.receiptValidUntil = try body.optionalDate("receipt_valid_until")
        fields.legacyList = try body.optionalChoice("document_list", DocumentList.self)
        fields.legacyExpires = try body.optionalDate("document_expires")
        fields.legacyReceiptShown = try body.bool("receipt_shown", default: false)
        return fields
    }

    /// `{"on", "document", "expires", "ead_renewal_filed_on", "extended_until"}` or `{"on", "receipt": true}`.
    private static func reverification(_ body: JSONBody) throws(APIError) -> ReverificationEntry {
        let on = try body.date("on")
        guard let kind = try body.optionalChoice("document", DocumentKind.self) else {
            return ReverificationEntry(on: on, document: nil, receipt: try body.bool("receipt", default: false))
        }
        let filed = try body.optionalDate("ead_renewal_filed_on"), until = try body.optionalDate("extended_until")
        if filed != nil, until != nil { throw APIError.invalid("extended_until", "give ead_renewal_filed_on or extended_until, not both") }
        let document = IdentityDocument(kind: kind, expires: try body.optionalDate("expires"),
                                        extension: DocumentExtension(renewalFiledOn: filed, extendedUntil: until))
        return ReverificationEntry(on: on, document: document, receipt: try body.bool("receipt", default: false))
    }
}
