import Compliance
import Foundation
import PostgresNIO
@testable import Storage
import TestSupport
import Testing

/// The records of issue 4 against a real database: the rules of the data, the
/// obligations kept current, and the append-only trail.
@Suite struct RecordsTests {
    /// A migrated database with tenant `acme`, two trained people and one untrained.
    static func withTenant(_ body: (TestDatabase, Database) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "acme", legalName: "Acme", timeZone: "America/Chicago", imageAgreementDate: "2024-12-05", daemonRoles: ["attest_daemon"]))
                try await work(db) { context, connection in
                    let people = PeopleRepository()
                    _ = try await people.save([
                        PersonRecord(externalID: "P-1", name: "Pat", roles: [.i9Preparer]),
                        PersonRecord(externalID: "R-1", name: "Rita", roles: [.i9Reviewer]),
                        PersonRecord(externalID: "U-1", name: "Uma", roles: [.i9Reviewer]),
                    ], context: context, connection: connection, logger: db.logger)
                    _ = try await people.saveTrainings([
                        TrainingRecord(personID: "P-1", completedOn: try CivilDate(iso: "2026-01-10")),
                        TrainingRecord(personID: "R-1", completedOn: try CivilDate(iso: "2026-02-01")),
                        TrainingRecord(personID: "U-1", completedOn: try CivilDate(iso: "2024-01-01")),
                    ], context: context, connection: connection, logger: db.logger)
                }
                try await body(database, db)
            }
        }
    }

    static func work<Result: Sendable>(_ db: Database, _ body: (TenantContext, PostgresConnection) async throws -> Result) async throws -> Result {
        try await TenantWork(database: db).run(slug: "acme", actor: "test", body)
    }

    static func hire(_ id: String, start: String) throws -> HireRecord {
        HireRecord(externalID: id, startDate: try CivilDate(iso: start))
    }

    static func obligations(_ db: Database, subject: String) async throws -> [String: (due: String, state: String)] {
        let rows = try await db.client.query("""
            SELECT kind, to_char(due_on, 'YYYY-MM-DD'), state FROM attest.obligations WHERE subject_kind || '/' || subject_id = \(subject)
            """)
        var result: [String: (String, String)] = [:]
        for try await (kind, due, state) in rows.decode((String, String, String).self) { result[kind] = (due, state) }
        return result
    }

    @Test func aHireGetsItsObligationsAndAChangedStartDateMovesThem() async throws {
        try await Self.withTenant { _, db in
            try await Self.work(db) { context, connection in
                _ = try await HireRepository().save([try Self.hire("E-1", start: "2026-11-23")], context: context, connection: connection, logger: db.logger)
            }
            var found = try await Self.obligations(db, subject: "hire/E-1")
            #expect(found["i9_section2"]?.due == "2026-11-27")  // Thanksgiving week
            #expect(found["everify_case_creation"]?.due == "2026-11-27")
            let report = try await Self.work(db) { context, connection in
                try await HireRepository().update("E-1", context: context, connection: connection, logger: db.logger) {
                    $0.startDate = try CivilDate(iso: "2026-11-30")
                }
            }
            #expect(report.moved >= 2)
            found = try await Self.obligations(db, subject: "hire/E-1")
            #expect(found["i9_section2"]?.due == "2026-12-03")
            #expect(found["everify_case_creation"]?.due == "2026-12-03")
        }
    }

    /// An obligation the rules no longer derive is cancelled, not deleted, and only it:
    /// a hire no longer in E-Verify loses its case creation and keeps Section 2; another
    /// hire saved in the same batch keeps all of its obligations.
    @Test func anObligationTheRulesNoLongerDeriveIsCancelled() async throws {
        try await Self.withTenant { _, db in
            _ = try await Self.work(db) { context, connection in
                try await HireRepository().save([try Self.hire("E-1", start: "2026-11-23"), try Self.hire("E-2", start: "2026-11-23")],
                                                context: context, connection: connection, logger: db.logger)
            }
            let report = try await Self.work(db) { context, connection in
                var withoutEVerify = try Self.hire("E-1", start: "2026-11-23")
                withoutEVerify.eVerifyRequired = false
                return try await HireRepository().save([withoutEVerify, try Self.hire("E-2", start: "2026-11-23")],
                                                       context: context, connection: connection, logger: db.logger)
            }
            #expect(report.obligations.cancelled == 1)
            let first = try await Self.obligations(db, subject: "hire/E-1"), second = try await Self.obligations(db, subject: "hire/E-2")
            #expect(first["everify_case_creation"]?.state == "cancelled" && first["i9_section2"]?.state == "open")
            #expect(second["everify_case_creation"]?.state == "open" && second["i9_section2"]?.state == "open")
        }
    }

    @Test func savingTheSameRecordsTwiceChangesNothing() async throws {
        try await Self.withTenant { _, db in
            var hire = try Self.hire("E-2", start: "2026-11-02")
            hire.i9.section2CompletedOn = try CivilDate(iso: "2026-11-04")
            hire.i9.preparerID = "P-1"
            hire.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026B1", createdOn: try CivilDate(iso: "2026-11-04"))
            let record = hire
            let first = try await Self.work(db) { context, connection in
                try await HireRepository().save([record], context: context, connection: connection, logger: db.logger)
            }
            #expect(first.changedHires == ["E-2"])
            #expect(first.obligations.inserted > 0)
            let second = try await Self.work(db) { context, connection in
                try await HireRepository().save([record], context: context, connection: connection, logger: db.logger)
            }
            #expect(second.changedHires.isEmpty)
            #expect(second.obligations.isEmpty)
        }
    }

    @Test func completingWorkCompletesItsObligationWithEvidence() async throws {
        try await Self.withTenant { _, db in
            try await Self.work(db) { context, connection in
                _ = try await HireRepository().save([try Self.hire("E-3", start: "2026-11-02")], context: context, connection: connection, logger: db.logger)
                _ = try await HireRepository().update("E-3", context: context, connection: connection, logger: db.logger) {
                    $0.i9.section2CompletedOn = try CivilDate(iso: "2026-11-04")
                    $0.i9.preparerID = "P-1"
                }
            }
            let found = try await Self.obligations(db, subject: "hire/E-3")
            #expect(found["i9_section2"]?.state == "done")
            #expect(found["i9_section1"]?.state == "open")
            let evidence = try await db.client.query("SELECT evidence FROM attest.obligations WHERE kind = 'i9_section2'")
                .decode(String.self).reduce(into: [String]()) { $0.append($1) }
            #expect(evidence == ["i9 section 2 completed by P-1"])
        }
    }

    @Test func theRecordRulesAreEnforcedWithTheirMessage() async throws {
        try await Self.withTenant { _, db in
            func attempt(_ change: @escaping @Sendable (inout HireRecord) throws -> Void) async -> RecordViolation? {
                await #expect(throws: RecordViolation.self) {
                    try await Self.work(db) { context, connection in
                        var hire = try Self.hire("E-4", start: "2026-11-02")
                        try change(&hire)
                        _ = try await HireRepository().save([hire], context: context, connection: connection, logger: db.logger)
                    }
                }
            }
            let samePerson = await attempt {
                $0.i9.section2CompletedOn = try CivilDate(iso: "2026-11-04"); $0.i9.preparerID = "P-1"
                $0.i9.reviewedOn = try CivilDate(iso: "2026-11-05"); $0.i9.reviewerID = "P-1"
            }
            #expect(samePerson?.message.contains("different person") == true)
            let untrained = await attempt {
                $0.i9.section2CompletedOn = try CivilDate(iso: "2026-11-04"); $0.i9.preparerID = "P-1"
                $0.i9.reviewedOn = try CivilDate(iso: "2026-11-05"); $0.i9.reviewerID = "U-1"
            }
            #expect(untrained?.message.contains("without a current I-9 training") == true)
            let backwards = await attempt { $0.terminationDate = try CivilDate(iso: "2026-10-01") }
            #expect(backwards?.field == "termination_date")
            let reviewBeforeSection2 = await attempt {
                $0.i9.section2CompletedOn = try CivilDate(iso: "2026-11-04"); $0.i9.preparerID = "P-1"
                $0.i9.reviewedOn = try CivilDate(iso: "2026-11-03"); $0.i9.reviewerID = "R-1"
            }
            #expect(reviewBeforeSection2?.field == "reviewed_on")
            let hires = try await db.client.query("SELECT count(*) FROM attest.hires").decode(Int.self).reduce(0) { $0 + $1 }
            #expect(hires == 0)
        }
    }

    @Test func anEVerifyCaseNumberBelongsToOneHire() async throws {
        try await Self.withTenant { _, db in
            var first = try Self.hire("E-7", start: "2026-11-02")
            first.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026C1", createdOn: try CivilDate(iso: "2026-11-03"))
            var second = try Self.hire("E-8", start: "2026-11-02")
            second.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026C1", createdOn: try CivilDate(iso: "2026-11-04"))
            let (a, b) = (first, second)
            try await Self.work(db) { context, connection in
                _ = try await HireRepository().save([a], context: context, connection: connection, logger: db.logger)
            }
            let error = await #expect(throws: RecordViolation.self) {
                try await Self.work(db) { context, connection in
                    try await HireRepository().save([b], context: context, connection: connection, logger: db.logger)
                }
            }
            #expect(error?.message == "E-Verify case 2026C1 already belongs to hire E-7, not E-8")
        }
    }

    @Test func anInternalAuditorMustBeIndependent() async throws {
        try await Self.withTenant { _, db in
            try await Self.work(db) { context, connection in
                var hire = try Self.hire("E-5", start: "2026-03-02")
                hire.i9.section2CompletedOn = try CivilDate(iso: "2026-03-03")
                hire.i9.preparerID = "P-1"
                _ = try await HireRepository().save([hire], context: context, connection: connection, logger: db.logger)
            }
            let error = await #expect(throws: RecordViolation.self) {
                try await Self.work(db) { context, connection in
                    try await AnnualRepository().scheduleAudit(
                        year: 2026, period: try CivilDate(iso: "2026-01-01")...CivilDate(iso: "2026-12-31"),
                        auditor: .internalPerson("P-1"), on: try CivilDate(iso: "2026-11-01"),
                        context: context, connection: connection, logger: db.logger)
                }
            }
            #expect(error?.message.contains("not be otherwise involved") == true)
            // Untrained on the day (U-1's training lapsed), or an E-Verify user: refused too (issue 18, item 7).
            try await Self.work(db) { context, connection in
                _ = try await PeopleRepository().save([PersonRecord(externalID: "V-1", name: "Vic", roles: [.eVerifyUser])],
                                                      context: context, connection: connection, logger: db.logger)
                _ = try await PeopleRepository().saveTrainings([TrainingRecord(personID: "V-1", completedOn: try CivilDate(iso: "2026-06-01"))],
                                                               context: context, connection: connection, logger: db.logger)
            }
            for (person, rule) in [("U-1", "holds no current I-9 training on 2026-11-01"), ("V-1", "uses E-Verify (role everify_user)")] {
                let refused = await #expect(throws: RecordViolation.self) {
                    try await Self.work(db) { context, connection in
                        try await AnnualRepository().scheduleAudit(
                            year: 2026, period: try CivilDate(iso: "2026-01-01")...CivilDate(iso: "2026-12-31"),
                            auditor: .internalPerson(person), on: try CivilDate(iso: "2026-11-01"),
                            context: context, connection: connection, logger: db.logger)
                    }
                }
                #expect(refused?.message.contains(rule) == true, "\(person): \(refused?.message ?? "accepted")")
            }
            try await Self.work(db) { context, connection in
                try await AnnualRepository().scheduleAudit(
                    year: 2026, period: try CivilDate(iso: "2026-01-01")...CivilDate(iso: "2026-12-31"),
                    auditor: .internalPerson("R-1"), on: try CivilDate(iso: "2026-11-01"),
                    context: context, connection: connection, logger: db.logger)
            }
            let audit = try await Self.obligations(db, subject: "tenant/tenant")
            #expect(audit["audit_annual"]?.due == "2026-12-05")
        }
    }

    @Test func aResolvedNoMatchLetterNeedsItsEvidence() async throws {
        try await Self.withTenant { _, db in
            var letter = NoMatchLetterRecord(letterID: "L-1", receivedOn: try CivilDate(iso: "2026-10-01"))
            let received = letter
            try await Self.work(db) { context, connection in
                _ = try await NoMatchRepository().save([received], context: context, connection: connection, logger: db.logger)
            }
            #expect(try await Self.obligations(db, subject: "nomatch_letter/L-1")["nomatch_resolve"]?.due == "2026-12-30")
            letter.resolvedOn = try CivilDate(iso: "2026-11-01")
            let undocumented = letter
            await #expect(throws: RecordViolation.self) {
                try await Self.work(db) { context, connection in
                    try await NoMatchRepository().save([undocumented], context: context, connection: connection, logger: db.logger)
                }
            }
            letter.resolution = "SSA record corrected"
            letter.evidenceReference = "DMS-123"
            let documented = letter
            try await Self.work(db) { context, connection in
                _ = try await NoMatchRepository().save([documented], context: context, connection: connection, logger: db.logger)
            }
            let found = try await Self.obligations(db, subject: "nomatch_letter/L-1")
            #expect(found["nomatch_resolve"]?.state == "done")
            #expect(found["nomatch_acknowledge"]?.state == "done")
        }
    }

    @Test func eventsAreAppendOnlyForApplicationRoles() async throws {
        try await Self.withTenant { database, db in
            let count = try await db.client.query("SELECT count(*) FROM attest.events").decode(Int.self).reduce(0) { $0 + $1 }
            #expect(count >= 6)
            for role in ["attest_operator", "attest_daemon"] {
                try await database.withDatabase(role: role) { scoped in
                    for statement: PostgresQuery in ["UPDATE attest.events SET actor = 'x'", "DELETE FROM attest.events", "TRUNCATE attest.events"] {
                        await #expect(throws: PSQLError.self, "\(role) could run \(statement.sql)") {
                            try await scoped.client.query(statement)
                        }
                    }
                }
            }
            // Even the owner is stopped by the triggers.
            try await database.withDatabase(role: "attest_owner") { owner in
                try await owner.client.query("ALTER TABLE attest.events NO FORCE ROW LEVEL SECURITY")
                await #expect(throws: PSQLError.self) { try await owner.client.query("DELETE FROM attest.events") }
                await #expect(throws: PSQLError.self) { try await owner.client.query("TRUNCATE attest.events") }
                try await owner.client.query("ALTER TABLE attest.events FORCE ROW LEVEL SECURITY")
            }
        }
    }

    @Test func anotherTenantsDaemonSeesNoneOfTheRecords() async throws {
        try await Self.withTenant { database, db in
            try await Self.work(db) { context, connection in
                _ = try await HireRepository().save([try Self.hire("E-6", start: "2026-11-02")], context: context, connection: connection, logger: db.logger)
            }
            let other = try await database.createDaemonRole(prefix: "other")
            let otherTenant = try await TenantRepository(database: db).add(try TenantDraft(slug: "other", legalName: "Other", timeZone: "UTC", daemonRoles: [other]))
            try await database.withDatabase(role: other) { scoped in
                let seen = try await scoped.withTenant(otherTenant.id) { connection in
                    var total = 0
                    for table in ["hires", "obligations", "people", "trainings", "events", "i9_records"] {
                        total += try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM attest.\(table)"), logger: scoped.logger)
                            .decode(Int.self).reduce(0) { $0 + $1 }
                    }
                    return total
                }
                #expect(seen == 0)
            }
        }
    }
}

@Suite struct UTCTimestampTests {
    @Test(arguments: [0.0, 1_795_921_421.9, 951_782_400.0, -86_401.0, 4_102_444_799.0])
    func matchesFoundationsISO8601(seconds: Double) {
        let instant = Date(timeIntervalSince1970: seconds)
        #expect(UTCTimestamp.format(instant) == instant.formatted(.iso8601))
    }
}
