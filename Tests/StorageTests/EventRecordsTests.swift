import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Tips, self-reports and the hiring network: their obligations open and close.
@Suite struct EventRecordsTests {
    @Test func aTipIsAcknowledgedThenAnswered() async throws {
        try await RecordsTests.withTenant { _, db in
            let received = TipRecord(tipID: "T-1", receivedOn: try CivilDate(iso: "2026-11-23"), channel: .phone)
            _ = try await RecordsTests.work(db) { context, connection in
                try await EventRecordsRepository().saveTip(received, context: context, connection: connection, logger: db.logger)
            }
            var found = try await RecordsTests.obligations(db, subject: "tip/T-1")
            #expect(found["tip_acknowledge"]?.due == "2026-11-25")
            #expect(found["tip_investigate"]?.due == "2026-12-01")  // 5 operating days, Thanksgiving skipped
            #expect(found["tip_respond"]?.due == "2026-12-08")  // 10 operating days, Thanksgiving skipped
            var answered = received
            answered.respondedOn = try CivilDate(iso: "2026-12-01")
            answered.status = .responded
            let final = answered
            let report = try await RecordsTests.work(db) { context, connection in
                try await EventRecordsRepository().saveTip(final, context: context, connection: connection, logger: db.logger)
            }
            #expect(report.completed == 3, "the answer completes acknowledge and investigate too")
            found = try await RecordsTests.obligations(db, subject: "tip/T-1")
            #expect(found["tip_respond"]?.state == "done")
            #expect(found["tip_investigate"]?.state == "done")
        }
    }

    @Test func investigatingCompletesTheInvestigateStepAndClosingCompletesWhatIsStillOpen() async throws {
        try await RecordsTests.withTenant { _, db in
            var investigated = TipRecord(tipID: "T-1", receivedOn: try CivilDate(iso: "2026-11-23"), channel: .mail)
            investigated.acknowledgedOn = try CivilDate(iso: "2026-11-24")
            investigated.investigatedOn = try CivilDate(iso: "2026-11-25")
            investigated.status = .investigating
            var closed = TipRecord(tipID: "T-2", receivedOn: try CivilDate(iso: "2026-11-23"), channel: .phone)
            closed.closedOn = try CivilDate(iso: "2026-11-30")
            closed.status = .closed
            let tips = [investigated, closed]
            _ = try await RecordsTests.work(db) { context, connection in
                for tip in tips { _ = try await EventRecordsRepository().saveTip(tip, context: context, connection: connection, logger: db.logger) }
            }
            let first = try await Self.completions(db, tip: "T-1")
            #expect(first["tip_acknowledge"]?.on == "2026-11-24" && first["tip_acknowledge"]?.evidence == "tip acknowledged")
            #expect(first["tip_investigate"]?.on == "2026-11-25" && first["tip_investigate"]?.evidence == "tip investigated")
            #expect(first["tip_respond"].map { $0.on == nil } == true, "investigating does not answer the tip")
            let second = try await Self.completions(db, tip: "T-2")
            #expect(second["tip_acknowledge"]?.evidence == "tip closed" && second["tip_investigate"]?.on == "2026-11-30")
            #expect(second["tip_respond"].map { $0.on == nil } == true, "closing does not answer the tip")
            let loaded = try await RecordsTests.work(db) { context, connection in
                try await EventRecordsRepository().loadTip("T-1", context: context, connection: connection, logger: db.logger)
            }
            #expect(loaded.investigatedOn == investigated.investigatedOn)
        }
    }

    /// Each obligation of a tip by kind: its completion date and evidence (nil while open).
    static func completions(_ db: Database, tip: String) async throws -> [String: (on: String?, evidence: String?)] {
        let rows = try await db.client.query("""
            SELECT kind, to_char(completed_on, 'YYYY-MM-DD'), evidence FROM attest.obligations
            WHERE subject_kind = 'tip' AND subject_id = \(tip)
            """)
        var result: [String: (String?, String?)] = [:]
        for try await (kind, on, evidence) in rows.decode((String, String?, String?).self) { result[kind] = (on, evidence) }
        return result
    }

    @Test func aSelfReportIsCorrectedAndReported() async throws {
        try await RecordsTests.withTenant { _, db in
            var report = SelfReportRecord(reportID: "SR-1", discoveredOn: try CivilDate(iso: "2026-11-02"), source: .audit,
                                          description: "Two I-9s without secondary review")
            let first = report
            _ = try await RecordsTests.work(db) { context, connection in
                try await EventRecordsRepository().saveSelfReport(first, context: context, connection: connection, logger: db.logger)
            }
            #expect(try await RecordsTests.obligations(db, subject: "self_report/SR-1")["selfreport_correct"]?.due == "2026-12-02")
            report.correctedOn = try CivilDate(iso: "2026-11-10")
            let uncorrected = report
            await #expect(throws: RecordViolation.self) {
                try await RecordsTests.work(db) { context, connection in
                    try await EventRecordsRepository().saveSelfReport(uncorrected, context: context, connection: connection, logger: db.logger)
                }
            }
            report.correctiveAction = "Reviews completed by R-1"
            report.reportedToICEOn = try CivilDate(iso: "2026-11-12")
            let done = report
            _ = try await RecordsTests.work(db) { context, connection in
                try await EventRecordsRepository().saveSelfReport(done, context: context, connection: connection, logger: db.logger)
            }
            let found = try await RecordsTests.obligations(db, subject: "self_report/SR-1")
            #expect(found["selfreport_correct"]?.state == "done")
            #expect(found["selfreport_report"]?.state == "done")
        }
    }

    @Test func aNetworkCompanyIsCommunicatedYearly() async throws {
        try await RecordsTests.withTenant { _, db in
            let company = NetworkCompanyRecord(companyID: "NET-1", name: "Partner Inc", contactEmail: "hr@partner.example",
                                               joinedOn: try CivilDate(iso: "2026-11-01"))
            _ = try await RecordsTests.work(db) { context, connection in
                try await NetworkRepository().saveCompany(company, context: context, connection: connection, logger: db.logger)
            }
            #expect(try await RecordsTests.obligations(db, subject: "network_company/NET-1")["network_communication"]?.due == "2026-12-01")
            let report = try await RecordsTests.work(db) { context, connection in
                try await NetworkRepository().recordCommunication(company: "NET-1", on: try CivilDate(iso: "2026-11-20"), channel: "email",
                                                                  reference: "guidelines-2026", context: context, connection: connection, logger: db.logger)
            }
            #expect(report.completed == 1)
            let states = try await db.client.query("""
                SELECT state || ' ' || to_char(due_on, 'YYYY-MM-DD') FROM attest.obligations WHERE kind = 'network_communication' ORDER BY due_on
                """).decode(String.self).reduce(into: [String]()) { $0.append($1) }
            #expect(states == ["done 2026-12-01", "open 2027-11-20"])
        }
    }
}
