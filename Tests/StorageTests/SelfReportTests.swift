import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The self-reporting procedure: a violation from an audit, a tip, a no-match letter
/// or anyone opens "correct by" and "report by" obligations (tenant settings) with
/// reminders, and its correction and report to ICE close them and stop the reminders.
@Suite struct SelfReportTests {
    static func withTenant(_ body: (Database) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "acme", legalName: "Acme", timeZone: "America/Chicago",
                    contacts: [TenantContact(name: "Cora", email: "cora@acme.example", role: .compliance)], daemonRoles: ["attest_daemon"]))
                try await body(db)
            }
        }
    }

    static func work<Result: Sendable>(_ db: Database, _ body: (TenantContext, PostgresConnection) async throws -> Result) async throws -> Result {
        try await TenantWork(database: db).run(slug: "acme", actor: "test", body)
    }

    /// `kind: state` of each obligation of a self-report, and its reminders not cancelled.
    static func state(_ db: Database, _ report: String) async throws -> (obligations: [String: String], liveReminders: [String: Int]) {
        var obligations: [String: String] = [:], reminders: [String: Int] = [:]
        let rows = try await db.client.query("""
            SELECT o.kind, o.state || ' ' || to_char(o.due_on, 'YYYY-MM-DD'),
                   (SELECT count(*)::int FROM attest.reminders AS r WHERE r.tenant_id = o.tenant_id AND r.obligation_id = o.id AND r.state <> 'cancelled')
            FROM attest.obligations AS o WHERE o.subject_kind = 'self_report' AND o.subject_id = \(report)
            """)
        for try await (kind, state, live) in rows.decode((String, String, Int).self) {
            obligations[kind] = state
            reminders[kind] = live
        }
        return (obligations, reminders)
    }

    static func schedulerPass(_ db: Database) async throws {
        _ = try await work(db) { context, connection in
            try await SchedulerRepository().pass(now: Date(), context: context, connection: connection, logger: db.logger)
        }
    }

    @Test(arguments: [SelfReportRecord.Source.audit, .tip, .nomatch, .other])
    func aViolationOpensItsObligationsWithRemindersAndClosingThemStopsTheReminders(source: SelfReportRecord.Source) async throws {
        try await Self.withTenant { db in
            let discovered = try CivilDate(iso: "2026-11-02")
            _ = try await Self.work(db) { context, connection in
                // The record the violation came from.
                switch source {
                case .audit:
                    try await AnnualRepository().scheduleAudit(year: 2026, period: try CivilDate(iso: "2026-01-01")...(try CivilDate(iso: "2026-10-31")),
                                                               auditor: .externalFirm("Audit LLP"), on: discovered, context: context, connection: connection, logger: db.logger)
                case .tip:
                    _ = try await EventRecordsRepository().saveTip(TipRecord(tipID: "T-1", receivedOn: discovered, channel: .phone),
                                                                   context: context, connection: connection, logger: db.logger)
                case .nomatch:
                    _ = try await NoMatchRepository().save([NoMatchLetterRecord(letterID: "L-1", receivedOn: discovered)],
                                                           context: context, connection: connection, logger: db.logger)
                default: break
                }
                var report = SelfReportRecord(reportID: "SR-1", discoveredOn: discovered, source: source, description: "Found a deficiency")
                report.sourceReference = ["audit": "2026", "tip": "T-1", "nomatch": "L-1"][source.rawValue]
                return try await EventRecordsRepository().saveSelfReport(report, context: context, connection: connection, logger: db.logger)
            }
            try await Self.schedulerPass(db)
            var found = try await Self.state(db, "SR-1")
            #expect(found.obligations == ["selfreport_correct": "open 2026-12-02", "selfreport_report": "open 2026-11-17"])  // 10 operating days, Veterans Day skipped
            #expect(found.liveReminders["selfreport_correct", default: 0] > 0 && found.liveReminders["selfreport_report", default: 0] > 0,
                    "each open obligation has its reminders: \(found.liveReminders)")
            let corrected = try await Self.work(db) { context, connection in
                let repository = EventRecordsRepository()
                var report = try await repository.loadSelfReport("SR-1", context: context, connection: connection, logger: db.logger)
                report.correctiveAction = "Fixed and retrained"
                report.correctedOn = try CivilDate(iso: "2026-11-10")
                return try await repository.saveSelfReport(report, context: context, connection: connection, logger: db.logger)
            }
            #expect(corrected.completed == 1)
            try await Self.schedulerPass(db)
            found = try await Self.state(db, "SR-1")
            #expect(found.obligations["selfreport_correct"] == "done 2026-12-02")
            #expect(found.liveReminders["selfreport_correct"] == 0, "a corrected violation's reminders stop")
            #expect(found.liveReminders["selfreport_report", default: 0] > 0, "the report to ICE is still reminded")
            _ = try await Self.work(db) { context, connection in
                let repository = EventRecordsRepository()
                var report = try await repository.loadSelfReport("SR-1", context: context, connection: connection, logger: db.logger)
                report.reportedToICEOn = try CivilDate(iso: "2026-11-12")
                return try await repository.saveSelfReport(report, context: context, connection: connection, logger: db.logger)
            }
            try await Self.schedulerPass(db)
            found = try await Self.state(db, "SR-1")
            #expect(found.obligations == ["selfreport_correct": "done 2026-12-02", "selfreport_report": "done 2026-11-17"])
            #expect(found.liveReminders.values.allSatisfy { $0 == 0 })
        }
    }

    @Test func theWindowsAreTenantSettings() async throws {
        try await Self.withTenant { db in
            _ = try await Self.work(db) { context, connection in
                try await EventRecordsRepository().saveSelfReport(
                    SelfReportRecord(reportID: "SR-2", discoveredOn: try CivilDate(iso: "2026-11-02"), source: .other, description: "Late I-9"),
                    context: context, connection: connection, logger: db.logger)
            }
            _ = try await Self.work(db) { context, connection in
                try await CalendarRepository().replaceSettings(json: Data(#"{"selfReportCorrectDays": 14, "selfReportReportBusinessDays": 5}"#.utf8),
                                                               context: context, today: try CivilDate(iso: "2026-11-03"), connection: connection, logger: db.logger)
            }
            #expect(try await Self.state(db, "SR-2").obligations == ["selfreport_correct": "open 2026-11-16", "selfreport_report": "open 2026-11-09"])
        }
    }

    @Test func aSourceThatIsNotRecordedIsRefusedAndNothingIsSaved() async throws {
        try await Self.withTenant { db in
            var report = SelfReportRecord(reportID: "SR-3", discoveredOn: try CivilDate(iso: "2026-11-02"), source: .tip, description: "From a tip")
            report.sourceReference = "T-404"
            let refused = report
            await #expect(throws: RecordViolation(field: "source_ref", "no tip \"T-404\" is recorded; name the tip record the violation came from, or leave --source-ref out")) {
                try await Self.work(db) { context, connection in
                    try await EventRecordsRepository().saveSelfReport(refused, context: context, connection: connection, logger: db.logger)
                }
            }
            let count = try await db.client.query("SELECT count(*)::int FROM attest.self_reports").decode(Int.self).reduce(0) { $0 + $1 }
            #expect(count == 0)
        }
    }
}
