import Compliance
import Hummingbird
import Storage

/// No-match letters and self-reports: their lists, and what `attest nomatch receive |
/// resolve` and `attest selfreport record | correct | report` record.
struct EventRoutes {
    let scope: APIScope

    func add(to group: RouterGroup<APIRequestContext>) {
        addNoMatch(to: group)
        addSelfReports(to: group)
    }

    private func addNoMatch(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants/:slug/nomatch-letters") { request, context in
            try await scope.idPage(request, context, item: NoMatchLetterJSON.init, id: \.letterID) { after, limit, tenant, connection, logger in
                try await NoMatchRepository().page(after: after, limit: limit, context: tenant, connection: connection, logger: logger)
            }
        }
        scope.post("tenants/:slug/nomatch-letters", on: group, fields: ["letter_id", "received_on", "employee_id", "source"],
                   renaming: ["hire_id": "employee_id"]) { body, _ in
            var letter = NoMatchLetterRecord(letterID: try body.string("letter_id", maxLength: 64), receivedOn: try body.date("received_on"))
            letter.hireID = try body.optionalString("employee_id", maxLength: 64)
            letter.source = try body.optionalChoice("source", NoMatchSource.self)?.rawValue ?? "ssa"
            let received = letter
            return RecordWork(subject: "letter \(received.letterID)") { tenant, connection, logger in
                try await NoMatchRepository().save([received], context: tenant, connection: connection, logger: logger)
            }
        }
        scope.post("tenants/:slug/nomatch-letters/:letter_id/resolve", on: group, fields: ["on", "resolution", "evidence", "steps"],
                   renaming: ["resolved_on": "on", "acknowledged_on": "on", "evidence_ref": "evidence"]) { body, context in
            let id = try context.parameters.require("letter_id")
            let (day, resolution) = (try body.date("on"), try body.string("resolution", maxLength: 2_000))
            let (evidence, steps) = (try body.string("evidence", maxLength: 500), try body.optionalString("steps", maxLength: 2_000))
            return RecordWork(subject: "letter \(id)") { tenant, connection, logger in
                try await NoMatchRepository().resolve(id, on: day, resolution: resolution, evidence: evidence, steps: steps,
                                                      context: tenant, connection: connection, logger: logger)
            }
        }
    }

    private func addSelfReports(to group: RouterGroup<APIRequestContext>) {
        group.get("tenants/:slug/self-reports") { request, context in
            try await scope.idPage(request, context, item: SelfReportJSON.init, id: \.reportID) { after, limit, tenant, connection, logger in
                try await EventRecordsRepository().selfReportPage(after: after, limit: limit, context: tenant, connection: connection, logger: logger)
            }
        }
        scope.post("tenants/:slug/self-reports", on: group,
                   fields: ["report_id", "discovered_on", "source", "source_ref", "description", "follow_up_on"],
                   renaming: ["report": "report_id"]) { body, _ in
            var report = SelfReportRecord(reportID: try body.string("report_id", maxLength: 64), discoveredOn: try body.date("discovered_on"),
                                          source: try body.choice("source", SelfReportRecord.Source.self),
                                          description: try body.string("description", maxLength: 2_000))
            report.sourceReference = try body.optionalString("source_ref", maxLength: 64)
            report.followUpOn = try body.optionalDate("follow_up_on")
            let recorded = report
            return RecordWork(subject: "self-report \(recorded.reportID)") { tenant, connection, logger in
                try await EventRecordsRepository().saveSelfReport(recorded, context: tenant, connection: connection, logger: logger)
            }
        }
        step("correct", fields: ["on", "action"], renaming: ["corrected_on": "on", "corrective_action": "action"]) { body in
            .correct(on: try body.date("on"), action: try body.string("action", maxLength: 2_000))
        }
        step("report", fields: ["on"], renaming: ["reported_on": "on"]) { body in .report(on: try body.date("on")) }

        func step(_ name: String, fields: Set<String>, renaming: [String: String], _ change: @escaping @Sendable (JSONBody) throws -> SelfReportChange) {
            scope.post("tenants/:slug/self-reports/:report_id/\(name)", on: group, fields: fields, renaming: renaming) { body, context in
                let (id, work) = (try context.parameters.require("report_id"), try change(body))
                return RecordWork(subject: "self-report \(id)") { tenant, connection, logger in
                    try await EventRecordsRepository().record(work, selfReport: id, context: tenant, connection: connection, logger: logger)
                }
            }
        }
    }

    /// Who sent a no-match letter.
    enum NoMatchSource: String, CaseIterable { case ssa, ssnvs, everify, other }
}
