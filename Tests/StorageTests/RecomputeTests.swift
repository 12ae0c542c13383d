import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Settings and calendar changes recompute a tenant's open obligations; new cycles
/// of policies and reports complete the old ones.
@Suite struct RecomputeTests {
    @Test func aClosureAndASettingsChangeMoveOpenDeadlines() async throws {
        try await RecordsTests.withTenant { _, db in
            try await RecordsTests.work(db) { context, connection in
                _ = try await HireRepository().save([try RecordsTests.hire("E-1", start: "2026-12-07")], context: context, connection: connection, logger: db.logger)
            }
            #expect(try await RecordsTests.obligations(db, subject: "hire/E-1")["i9_section2"]?.due == "2026-12-10")
            let closed = try await RecordsTests.work(db) { context, connection in
                try await CalendarRepository().setClosure(try CivilDate(iso: "2026-12-09"), note: "inventory", remove: false,
                                                          context: context, today: try CivilDate(iso: "2026-12-01"), connection: connection, logger: db.logger)
            }
            #expect(closed.moved >= 1)
            #expect(try await RecordsTests.obligations(db, subject: "hire/E-1")["i9_section2"]?.due == "2026-12-11")
            _ = try await RecordsTests.work(db) { context, connection in
                try await CalendarRepository().replaceSettings(json: Data(#"{"countStartDay": true}"#.utf8), context: context,
                                                               today: try CivilDate(iso: "2026-12-01"), connection: connection, logger: db.logger)
            }
            #expect(try await RecordsTests.obligations(db, subject: "hire/E-1")["i9_section2"]?.due == "2026-12-10")
        }
    }

    @Test func badSettingsAreRefusedAndChangeNothing() async throws {
        try await RecordsTests.withTenant { _, db in
            for json in [#"{"countStartDay": "yes"}"#, #"{"noSuchSetting": 1}"#, #"{"sendHour": 9}"#, "[1]"] {
                await #expect(throws: RecordViolation.self, "\(json)") {
                    try await RecordsTests.work(db) { context, connection in
                        try await CalendarRepository().replaceSettings(json: Data(json.utf8), context: context,
                                                                       today: try CivilDate(iso: "2026-12-01"), connection: connection, logger: db.logger)
                    }
                }
            }
            let stored = try await db.client.query("SELECT count(*) FROM attest.tenant_settings").decode(Int.self).reduce(0) { $0 + $1 }
            #expect(stored == 0)
        }
    }

    @Test func aNewPolicyReviewCompletesTheOldCycleAndIsIdempotent() async throws {
        try await RecordsTests.withTenant { _, db in
            func review(_ day: String) async throws -> ReconcileReport {
                try await RecordsTests.work(db) { context, connection in
                    try await ProgramRepository().reviewPolicy(id: "AD-1", kind: .antiDiscrimination, title: "Anti-discrimination",
                                                               on: try CivilDate(iso: day), context: context, connection: connection, logger: db.logger)
                }
            }
            _ = try await review("2025-11-01")
            let second = try await review("2026-11-01")
            #expect(second.completed == 1)
            #expect(second.inserted == 1)
            let third = try await review("2026-11-01")
            #expect(third.isEmpty)
            let states = try await db.client.query("""
                SELECT state || ' ' || to_char(due_on, 'YYYY-MM-DD') FROM attest.obligations WHERE kind = 'policy_review' ORDER BY due_on
                """).decode(String.self).reduce(into: [String]()) { $0.append($1) }
            #expect(states == ["done 2026-11-01", "open 2027-11-01"])
        }
    }

    @Test func submittingTheReportCompletesItsObligation() async throws {
        try await RecordsTests.withTenant { _, db in
            let report = try await RecordsTests.work(db) { context, connection in
                try await AnnualRepository().submitReport(year: 2026, on: try CivilDate(iso: "2026-11-28"), reference: "ICE-42",
                                                          context: context, connection: connection, logger: db.logger)
            }
            #expect(report.completed == 1)
            #expect(try await RecordsTests.obligations(db, subject: "tenant/tenant")["report_annual"]?.state == "done")
        }
    }

    @Test func peopleImportWithoutOptionalColumns() async throws {
        try await RecordsTests.withTenant { _, db in
            let csv = "person_id,name\nX-1,Xavier\n"
            let report = try await ImportTests.run(.people, CSVTable(fileName: "p.csv", data: Data(csv.utf8)), db)
            #expect(report.changed == 1)
        }
    }
}
