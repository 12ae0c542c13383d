import Compliance
import Foundation
import PostgresNIO
@testable import Storage
import TestSupport
import Testing

/// Documents, receipts and reverification against a real database (issue 18, items
/// 2–5 and 10): what is stored, what it derives, and what is refused with its rule.
@Suite struct ReverificationTests {
    static func day(_ iso: String) throws -> CivilDate { try CivilDate(iso: iso) }

    /// An alien authorized to work until 2027-01-15, with an EAD expiring the same day.
    static func alien() throws -> HireRecord {
        var hire = try RecordsTests.hire("E-1", start: "2026-11-02")
        hire.citizenship = .alienAuthorized
        hire.workAuthorizationExpires = try day("2027-01-15")
        hire.documents = HireDocuments(listA: IdentityDocument(kind: .ead, expires: try day("2027-01-15")))
        return hire
    }

    static func save(_ hire: HireRecord, _ db: Database) async throws {
        _ = try await RecordsTests.work(db) { context, connection in
            try await HireRepository().save([hire], context: context, connection: connection, logger: db.logger)
        }
    }

    static func record(_ change: HireChange, _ db: Database) async throws {
        _ = try await RecordsTests.work(db) { context, connection in
            try await HireRepository().record(change, hire: "E-1", context: context, connection: connection, logger: db.logger)
        }
    }

    static func load(_ db: Database) async throws -> HireRecord {
        try await RecordsTests.work(db) { context, connection in
            try await HireRepository().load("E-1", context: context, connection: connection, logger: db.logger)
        }
    }

    /// `kind due state` of the hire's obligations of `kind`, by due date.
    static func obligations(_ kind: String, _ db: Database) async throws -> [String] {
        let rows = try await db.client.query("""
            SELECT to_char(due_on, 'YYYY-MM-DD'), state, coalesce(to_char(completed_on, 'YYYY-MM-DD'), '')
            FROM attest.obligations WHERE subject_kind = 'hire' AND subject_id = 'E-1' AND kind = \(kind) ORDER BY due_on
            """)
        var result: [String] = []
        for try await (due, state, done) in rows.decode((String, String, String).self) { result.append("\(due) \(state) \(done)".trimmingCharacters(in: .whitespaces)) }
        return result
    }

    @Test func everyDocumentFieldRoundTrips() async throws {
        try await RecordsTests.withTenant { _, db in
            var hire = try Self.alien()
            hire.documents = HireDocuments(
                listB: IdentityDocument(kind: .stateID, expires: try Self.day("2030-02-01")),
                listC: IdentityDocument(kind: .conditionalI551WithI797, expires: try Self.day("2026-10-01"), extension: .notice(until: try Self.day("2029-10-01"))))
            hire.receipt = Receipt(.temporaryI551, date: try Self.day("2027-03-01"))
            try await Self.save(hire, db)
            #expect(try await Self.load(db) == hire)
            #expect(try await Self.obligations("i9_receipt_document", db) == ["2027-03-01 open"])
        }
    }

    @Test func reverifyingACitizenOrAListBDocumentIsRefusedWithTheRuleAndChangesNothing() async throws {
        try await RecordsTests.withTenant { _, db in
            var citizen = try Self.alien()
            citizen.citizenship = .citizen
            citizen.workAuthorizationExpires = nil
            citizen.documents = HireDocuments(listA: IdentityDocument(kind: .usPassport, expires: try Self.day("2027-01-15")))
            try await Self.save(citizen, db)
            let entry = ReverificationEntry(on: try Self.day("2027-01-10"), document: IdentityDocument(kind: .usPassport, expires: try Self.day("2032-01-01")))
            let refused = await #expect(throws: RecordViolation.self) { try await Self.record(.reverify(entry), db) }
            #expect(refused?.field == "reverification")
            #expect(refused?.message.contains("U.S. citizens and noncitizen nationals are never reverified") == true)
            #expect(try await Self.load(db) == citizen)

            try await Self.save(try Self.alien(), db)
            let listB = ReverificationEntry(on: try Self.day("2027-01-10"), document: IdentityDocument(kind: .driversLicense, expires: nil))
            let refusedB = await #expect(throws: RecordViolation.self) { try await Self.record(.reverify(listB), db) }
            #expect(refusedB?.message.contains("List B documents are never used for reverification") == true)
        }
    }

    @Test func aReverificationCompletesItsCycleAndTheNextFollowsTheNewDocument() async throws {
        try await RecordsTests.withTenant { _, db in
            try await Self.save(try Self.alien(), db)
            #expect(try await Self.obligations("i9_reverification", db) == ["2027-01-15 open"])
            let entry = ReverificationEntry(on: try Self.day("2027-01-10"), document: IdentityDocument(kind: .ead, expires: try Self.day("2029-01-31")))
            try await Self.record(.reverify(entry), db)
            #expect(try await Self.obligations("i9_reverification", db) == ["2027-01-15 done 2027-01-10", "2029-01-31 open"])
            let stored = try await Self.load(db)
            #expect(stored.documents.listA?.expires == (try Self.day("2029-01-31")))
            #expect(stored.i9.reverification == Reverification(on: try Self.day("2027-01-10"), answered: try Self.day("2027-01-15")))
        }
    }

    @Test func aReceiptAtReverificationGivesNinetyDaysThenItsDocumentCompletesIt() async throws {
        try await RecordsTests.withTenant { _, db in
            try await Self.save(try Self.alien(), db)
            try await Self.record(.reverify(ReverificationEntry(on: try Self.day("2027-01-12"), document: nil, receipt: true)), db)
            #expect(try await Self.obligations("i9_reverification", db) == ["2027-01-15 done 2027-01-12"])
            #expect(try await Self.obligations("i9_receipt_document", db) == ["2027-04-15 open"])
            let replacement = IdentityDocument(kind: .dhsEmploymentAuthorization, expires: try Self.day("2028-06-30"))
            try await Self.record(.reverify(ReverificationEntry(on: try Self.day("2027-03-01"), document: replacement)), db)
            #expect(try await Self.obligations("i9_receipt_document", db) == ["2027-04-15 done 2027-03-01"])
            #expect(try await Self.obligations("i9_reverification", db) == ["2027-01-15 done 2027-01-12", "2028-06-30 open"])
            #expect(try await Self.load(db).documents == HireDocuments(listC: replacement))
        }
    }

    @Test func anImportReadsTheDocumentColumnsAndNamesEachProblemByLine() async throws {
        try await RecordsTests.withTenant { _, db in
            let csv = """
                employee_id,start_date,job_days,citizenship,list_a_document,list_a_expires,ead_renewal_filed_on,list_c_document,receipt,document_list
                E-1,2026-11-02,,alien_authorized,ead,2026-10-01,2025-09-02,,,
                E-2,2026-11-02,,alien_authorized,ead,2026-10-01,2025-11-03,,,
                E-3,2026-11-02,2,citizen,,,,ssn_card,replacement,
                E-4,2026-11-02,,citizen,us_passport,,,ssn_card,,
                E-5,2026-11-02,,citizen,ssn_card,,,,,a
                """
            let error = await #expect(throws: ImportError.self) {
                try await ImportTests.run(.hires, CSVTable(fileName: "h.csv", data: Data(csv.utf8)), db)
            }
            let text = error?.description ?? ""
            #expect(text.contains("h.csv:3: list_a_expires: the List A document (ead) expired on 2026-10-01"), "\(text)")
            #expect(text.contains("2025-10-30"))
            #expect(text.contains("h.csv:4: receipt: a receipt is not acceptable for employment of fewer than three business days"))
            #expect(text.contains("h.csv:5: list_a_document: the employee presents one List A document, or one List B and one List C document"))
            #expect(text.contains("h.csv:6: document_list: give the documents as list_a_document"))
            #expect(text.contains("h.csv:6: list_a_document: ssn_card is a List C document"))
            #expect(!text.contains("h.csv:2:"))
        }
    }
}

/// The hiring safeguards against a real database (issue 18, items 8 and 9): the
/// exceptions kept current on every save, counted by status, listed by the agenda.
@Suite struct HiringSafeguardsStorageTests {
    @Test func preScreeningIsRecordedFlaggedCountedAndClearedWhenTheRecordsAreFixed() async throws {
        try await RecordsTests.withTenant { _, db in
            var hire = try RecordsTests.hire("E-1", start: "2026-11-02")
            hire.offerAcceptedOn = try CivilDate(iso: "2026-10-20")
            hire.eVerifyCase = EVerifyCaseRecord(caseNumber: "C1", createdOn: try CivilDate(iso: "2026-10-15"))
            try await ReverificationTests.save(hire, db)
            let listed = try await RecordsTests.work(db) { context, connection in
                try await HireExceptionStore.list(context: context, connection: connection, logger: db.logger)
            }
            #expect(listed.map(\.kind) == ["case_before_offer_accepted"])
            #expect(listed.first?.detail.contains("no pre-screening") == true)
            let status = try await db.client.withConnection { connection in
                try await AgendaRepository().status(today: try CivilDate(iso: "2026-11-02"), connection: connection, logger: db.logger)
            }
            #expect(status.first { $0.tenant == "acme" }?.safeguardExceptions == 1)

            hire.offerAcceptedOn = try CivilDate(iso: "2026-10-10")
            try await ReverificationTests.save(hire, db)
            let after = try await RecordsTests.work(db) { context, connection in
                try await HireExceptionStore.list(context: context, connection: connection, logger: db.logger)
            }
            #expect(after.isEmpty)
        }
    }

    @Test func aHireWithoutACaseIsRefusedWithoutItsReasonAndKeptWithIt() async throws {
        try await RecordsTests.withTenant { _, db in
            var hire = try RecordsTests.hire("E-1", start: "2026-11-02")
            hire.eVerifyRequired = false
            let refused = await #expect(throws: RecordViolation.self) {
                _ = try await RecordsTests.work(db) { context, connection in
                    try await HireRepository().saveFacts(hire, context: context, connection: connection, logger: db.logger)
                }
            }
            #expect(refused?.field == "no_everify_reason")
            #expect(refused?.message.contains("never selectively") == true)
            hire.noCaseReason = .employedBeforeMOU
            _ = try await RecordsTests.work(db) { context, connection in
                try await HireRepository().saveFacts(hire, context: context, connection: connection, logger: db.logger)
            }
            #expect(try await ReverificationTests.load(db).noCaseReason == .employedBeforeMOU)
        }
    }
}

/// No adverse action while a TNC is pending (issue 18, item 11).
@Suite struct TNCTerminationTests {
    static func hireWithPendingTNC() throws -> HireRecord {
        var hire = try RecordsTests.hire("E-1", start: "2026-11-02")
        var eVerifyCase = EVerifyCaseRecord(caseNumber: "C1", createdOn: try CivilDate(iso: "2026-11-04"))
        eVerifyCase.tncIssuedOn = try CivilDate(iso: "2026-11-05")
        eVerifyCase.status = .tnc
        hire.eVerifyCase = eVerifyCase
        return hire
    }

    @Test func aTerminationDuringAPendingTNCNeedsAReasonAndIsFlaggedQuotingTheRule() async throws {
        try await RecordsTests.withTenant { _, db in
            try await ReverificationTests.save(try Self.hireWithPendingTNC(), db)
            let ended = try CivilDate(iso: "2026-11-10")
            let refused = await #expect(throws: RecordViolation.self) { try await ReverificationTests.record(.terminate(on: ended), db) }
            #expect(refused?.field == "termination_reason")
            #expect(refused?.message.contains("MOU Art. II.A.13–14") == true)
            #expect(try await ReverificationTests.load(db).terminationDate == nil)

            try await ReverificationTests.record(.terminate(on: ended, reason: "Position eliminated for the whole site"), db)
            let flagged = try await RecordsTests.work(db) { context, connection in
                try await HireExceptionStore.list(context: context, connection: connection, logger: db.logger)
            }
            #expect(flagged.map(\.kind) == ["terminated_during_tnc"])
            #expect(flagged.first?.detail.contains("\"Position eliminated for the whole site\"") == true)
            #expect(flagged.first?.detail.contains("forbids any adverse action") == true)
        }
    }

    @Test func aTerminationAfterTheTNCWasResolvedNeedsNoReason() async throws {
        try await RecordsTests.withTenant { _, db in
            var hire = try Self.hireWithPendingTNC()
            hire.eVerifyCase?.finalResultOn = try CivilDate(iso: "2026-11-09")
            hire.eVerifyCase?.status = .employmentAuthorized
            try await ReverificationTests.save(hire, db)
            try await ReverificationTests.record(.terminate(on: try CivilDate(iso: "2026-12-01")), db)
            let flagged = try await RecordsTests.work(db) { context, connection in
                try await HireExceptionStore.list(context: context, connection: connection, logger: db.logger)
            }
            #expect(flagged.isEmpty)
        }
    }
}

/// Remote examination (DHS alternative procedure; issue 18, item 12): only for an
/// E-Verify participant in good standing, and with an E-Verify case.
@Suite struct RemoteExaminationTests {
    @Test func remoteExaminationNeedsGoodStandingInEVerify() async throws {
        try await RecordsTests.withTenant { _, db in
            var hire = try RecordsTests.hire("E-1", start: "2026-11-02")
            hire.remoteExamination = true
            hire.site = "north"
            func saveFacts() async throws {
                _ = try await RecordsTests.work(db) { context, connection in
                    try await HireRepository().saveFacts(hire, context: context, connection: connection, logger: db.logger)
                }
            }
            let refused = await #expect(throws: RecordViolation.self) { try await saveFacts() }
            #expect(refused?.field == "remote_examination")
            #expect(refused?.message.contains("good standing") == true)
            _ = try await RecordsTests.work(db) { context, connection in
                try await CalendarRepository().replaceSettings(json: Data(#"{"eVerifyGoodStanding": true}"#.utf8), context: context,
                                                               today: try CivilDate(iso: "2026-11-02"), connection: connection, logger: db.logger)
            }
            try await saveFacts()
            let stored = try await ReverificationTests.load(db)
            #expect(stored.remoteExamination && stored.site == "north")
        }
    }
}

/// Rehires on Supplement B (issue 18, item 6; 8 CFR 274a.2(c)(1)).
@Suite struct RehireTests {
    static func former() throws -> HireRecord {
        var hire = try ReverificationTests.alien()
        hire.i9.section1CompletedOn = try CivilDate(iso: "2026-11-02")
        hire.i9.section2CompletedOn = try CivilDate(iso: "2026-11-03")
        hire.i9.preparerID = "P-1"
        hire.eVerifyCase = EVerifyCaseRecord(caseNumber: "C1", createdOn: try CivilDate(iso: "2026-11-04"))
        hire.terminationDate = try CivilDate(iso: "2026-12-15")
        return hire
    }

    @Test func aRehireWithinThreeYearsContinuesTheFormAndReverifiesAnExpiredAuthorization() async throws {
        try await RecordsTests.withTenant { _, db in
            try await ReverificationTests.save(try Self.former(), db)
            #expect(try await ReverificationTests.obligations("i9_retention_end", db) == ["2029-11-02 open"])
            try await ReverificationTests.record(.rehire(on: try CivilDate(iso: "2027-06-01")), db)
            let stored = try await ReverificationTests.load(db)
            #expect(stored.rehiredOn == (try CivilDate(iso: "2027-06-01")) && stored.terminationDate == nil)
            // Employed again: the form is kept, no retention end yet; no new Section 2 or case.
            #expect(try await ReverificationTests.obligations("i9_retention_end", db) == ["2029-11-02 cancelled"])
            #expect(try await ReverificationTests.obligations("i9_section2", db).count == 1)
            // The authorization expired on 2027-01-15, before the rehire: reverified on the rehire day.
            #expect(try await ReverificationTests.obligations("i9_reverification", db) == ["2027-06-01 open"])
        }
    }

    @Test func aRehireAfterThreeYearsOrOfACurrentEmployeeIsRefused() async throws {
        try await RecordsTests.withTenant { _, db in
            try await ReverificationTests.save(try Self.former(), db)
            let late = await #expect(throws: RecordViolation.self) { try await ReverificationTests.record(.rehire(on: try CivilDate(iso: "2029-11-04")), db) }
            #expect(late?.message.contains("allowed until 2029-11-03") == true)
            #expect(late?.message.contains("new hire") == true)
            var current = try Self.former()
            current.terminationDate = nil
            try await ReverificationTests.save(current, db)
            let employed = await #expect(throws: RecordViolation.self) { try await ReverificationTests.record(.rehire(on: try CivilDate(iso: "2027-06-01")), db) }
            #expect(employed?.message.contains("record the termination first") == true)
        }
    }

    @Test func anImportRecordsRehiresWithinThreeYearsOnly() async throws {
        try await RecordsTests.withTenant { _, db in
            let csv = """
                employee_id,start_date,section2_completed_on,section2_preparer,rehired_on
                E-1,2026-11-02,2026-11-03,P-1,2027-06-01
                E-2,2026-11-02,2026-11-03,P-1,2029-11-04
                """
            let error = await #expect(throws: ImportError.self) {
                try await ImportTests.run(.hires, CSVTable(fileName: "r.csv", data: Data(csv.utf8)), db)
            }
            #expect(error?.problems.map(\.description) == [
                "r.csv:3: rehired_on: is more than three years after the Form I-9 was completed (2026-11-03): a rehire after 2029-11-03 "
                    + "is a new hire with its own Form I-9 and E-Verify case (8 CFR 274a.2(c)(1))",
            ])
            _ = try await ImportTests.run(.hires, CSVTable(fileName: "r.csv", data: Data(csv.split(separator: "\n").prefix(2).joined(separator: "\n").utf8)), db)
            #expect(try await ReverificationTests.load(db).rehiredOn == (try CivilDate(iso: "2027-06-01")))
        }
    }
}
