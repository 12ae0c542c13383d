import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Hires loaded in bulk (a page, or a list of ids) are the very records loaded one by
/// one; a recompute in pages re-derives the same obligations; and row-level security,
/// not only the query's tenant filter, keeps another tenant's hires out.
@Suite struct HireBulkLoadTests {
    /// Hires covering what a `HireRecord` carries: no I-9 row at all, a full I-9 with
    /// every employment fact, E-Verify cases in several states, two cases (the latest
    /// wins, then the lower case number on the same day), a terminated hire; and a
    /// no-match letter.
    static func seedMix(_ database: TestDatabase, _ db: Database) async throws -> [HireRecord] {
        func day(_ iso: String) throws -> CivilDate { try CivilDate(iso: iso) }
        var bare = try RecordsTests.hire("A-bare", start: "2026-11-02")
        bare.eVerifyRequired = false
        var full = try RecordsTests.hire("B-full", start: "2026-10-05")
        full.jobBusinessDays = 40
        full.citizenship = .alienAuthorized
        full.workAuthorizationExpires = try day("2027-03-31")
        full.documents.listA = IdentityDocument(kind: .ead, expires: try day("2026-12-31"), extension: .eadRenewal(filedOn: try day("2025-06-02")))
        full.receipt = Receipt(.replacement)
        full.i9.reverification = Reverification(on: try day("2027-03-25"), answered: try day("2027-03-31"))
        full.i9.section1CompletedOn = try day("2026-10-05")
        full.i9.section2CompletedOn = try day("2026-10-07")
        full.i9.preparerID = "P-1"
        full.i9.reviewerID = "R-1"
        full.i9.reviewedOn = try day("2026-10-09")
        full.i9.receiptDocumentReceivedOn = try day("2026-12-20")
        var tnc = try RecordsTests.hire("C-tnc", start: "2026-11-09")
        tnc.documents = HireDocuments(
            listB: IdentityDocument(kind: .driversLicense, expires: try day("2030-01-01")),
            listC: IdentityDocument(kind: .conditionalI551WithI797, expires: try day("2026-12-01"), extension: .notice(until: try day("2030-12-01"))))
        tnc.receipt = Receipt(.temporaryI551, date: try day("2027-06-01"))
        tnc.i9.section2CompletedOn = try day("2026-11-10")
        tnc.i9.preparerID = "P-1"
        tnc.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026C1", createdOn: try day("2026-11-10"))
        tnc.eVerifyCase?.status = .referred
        tnc.eVerifyCase?.tncIssuedOn = try day("2026-11-12")
        tnc.eVerifyCase?.referredOn = try day("2026-11-13")
        tnc.eVerifyCase?.lateReason = .ssnAwaited
        var closed = try RecordsTests.hire("D-closed", start: "2026-02-02")
        closed.terminationDate = try day("2026-08-31")
        closed.citizenship = .citizen
        closed.i9.section1CompletedOn = try day("2026-02-02")
        closed.i9.section2CompletedOn = try day("2026-02-03")
        closed.i9.preparerID = "P-1"
        closed.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026D1", createdOn: try day("2026-02-03"))
        closed.eVerifyCase?.status = .closed
        closed.eVerifyCase?.finalResultOn = try day("2026-02-04")
        closed.eVerifyCase?.closedOn = try day("2026-02-05")
        closed.eVerifyCase?.closureReason = "employment authorized"
        var fnc = try RecordsTests.hire("E-fnc", start: "2026-11-16")
        fnc.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026E1", createdOn: try day("2026-11-17"))
        fnc.eVerifyCase?.status = .finalNonconfirmation
        fnc.eVerifyCase?.tncIssuedOn = try day("2026-11-18")
        fnc.eVerifyCase?.finalResultOn = try day("2026-11-25")
        var twoCases = try RecordsTests.hire("F-two", start: "2026-11-02")
        twoCases.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026F1", createdOn: try day("2026-11-03"))
        var newer = twoCases
        newer.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026F2", createdOn: try day("2026-11-05"))
        newer.eVerifyCase?.status = .employmentAuthorized
        var sameDay = try RecordsTests.hire("G-same-day", start: "2026-11-02")
        sameDay.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026G2", createdOn: try day("2026-11-03"))
        var sameDayOther = sameDay
        sameDayOther.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026G1", createdOn: try day("2026-11-03"))
        sameDayOther.eVerifyCase?.status = .tnc
        sameDayOther.eVerifyCase?.tncIssuedOn = try day("2026-11-04")
        let first = [bare, full, tnc, closed, fnc, twoCases, sameDay]
        try await RecordsTests.work(db) { context, connection in
            let hires = HireRepository()
            _ = try await hires.save(first, context: context, connection: connection, logger: db.logger)
            _ = try await hires.save([newer, sameDayOther], context: context, connection: connection, logger: db.logger)
            var letter = NoMatchLetterRecord(letterID: "L-1", receivedOn: try day("2026-11-02"))
            letter.hireID = "C-tnc"
            _ = try await NoMatchRepository().save([letter], context: context, connection: connection, logger: db.logger)
        }
        // No application role may delete an I-9 record; a hire without one is still loadable.
        _ = try await database.superuser { try await $0.query("DELETE FROM attest.i9_records WHERE hire_id = 'A-bare'", logger: db.logger) }
        // As stored: F-two's newer case is its latest; G's two cases share a day, so the lower number wins.
        return [bare, full, tnc, closed, fnc, newer, sameDayOther]
    }

    @Test func bulkLoadingEqualsLoadingEachHire() async throws {
        try await RecordsTests.withTenant { database, db in
            let saved = try await Self.seedMix(database, db)
            let ids = saved.map(\.externalID)
            try await RecordsTests.work(db) { context, connection in
                let hires = HireRepository()
                var single: [HireRecord] = []
                for id in ids { single.append(try await hires.load(id, context: context, connection: connection, logger: db.logger)) }
                #expect(single == saved)
                let bulk = try await hires.load(ids.reversed() + ["Z-missing"], context: context, connection: connection, logger: db.logger)
                #expect(bulk == single)
                var paged: [HireRecord] = []
                var pages = 0
                while true {
                    let page = try await hires.recordPage(after: paged.last?.externalID, limit: 3, context: context, connection: connection, logger: db.logger)
                    if page.isEmpty { break }
                    #expect(page.count <= 3)
                    paged += page
                    pages += 1
                }
                #expect(paged == single)
                #expect(pages == 3)
                #expect(try await hires.load([], context: context, connection: connection, logger: db.logger).isEmpty)
                #expect(single[0].i9 == I9Record())
                #expect(single[1].eVerifyCase == nil)
                #expect(single[5].eVerifyCase?.caseNumber == "2026F2")
                #expect(single[6].eVerifyCase?.caseNumber == "2026G1")
            }
        }
    }

    @Test func aRecomputeInPagesKeepsTheObligations() async throws {
        try await RecordsTests.withTenant { database, db in
            _ = try await Self.seedMix(database, db)
            func snapshot() async throws -> [String] {
                try await db.client.query("""
                    SELECT kind || ' ' || subject_kind || '/' || subject_id || ' ' || to_char(due_on, 'YYYY-MM-DD') || ' ' || state
                           || ' ' || source_key
                    FROM attest.obligations ORDER BY 1
                    """).decode(String.self).reduce(into: [String]()) { $0.append($1) }
            }
            let today = try CivilDate(iso: "2026-11-30")
            // A first recompute in one page brings the tenant-wide items of `today` in.
            _ = try await RecordsTests.work(db) { context, connection in
                try await TenantRecompute().run(context: context, today: today, connection: connection, logger: db.logger)
            }
            let before = try await snapshot()
            #expect(before.contains { $0.hasPrefix("nomatch_acknowledge nomatch_letter/L-1") })
            #expect(before.filter { $0.contains(" hire/") }.count >= 7)
            let unchanged = try await RecordsTests.work(db) { context, connection in
                try await TenantRecompute(pageSize: 2).run(context: context, today: today, connection: connection, logger: db.logger)
            }
            #expect(unchanged.isEmpty)
            #expect(try await snapshot() == before)
            let changed = try await RecordsTests.work(db) { context, connection in
                try await CalendarRepository().replaceSettings(json: Data(#"{"countStartDay": true}"#.utf8), context: context,
                                                               today: today, connection: connection, logger: db.logger)
            }
            #expect(changed.moved > 0)
            #expect(try await snapshot() != before)
            _ = try await RecordsTests.work(db) { context, connection in
                try await CalendarRepository().replaceSettings(json: Data("{}".utf8), context: context,
                                                               today: today, connection: connection, logger: db.logger)
            }
            #expect(try await snapshot() == before)
        }
    }

    @Test func anotherTenantsDaemonLoadsNoneOfTheHires() async throws {
        try await RecordsTests.withTenant { database, db in
            let ids = try await Self.seedMix(database, db).map(\.externalID)
            let acme = try await TenantRepository(database: db).require(slug: "acme")
            let other = try await database.createDaemonRole(prefix: "other")
            let otherTenant = try await TenantRepository(database: db).add(try TenantDraft(slug: "other", legalName: "Other", timeZone: "UTC", daemonRoles: [other]))
            // Scoped to the other tenant but asking for acme's hires by acme's id: only RLS stands in the way.
            func attempt(_ scoped: Database, as tenant: Tenant) async throws -> (page: [HireRecord], listed: [HireRecord]) {
                try await scoped.withTenant(tenant.id) { connection in
                    let context = try await TenantContext.load(tenant: acme, actor: "test", connection: connection, logger: scoped.logger)
                    let hires = HireRepository()
                    return (try await hires.recordPage(after: nil, limit: 100, context: context, connection: connection, logger: scoped.logger),
                            try await hires.load(ids, context: context, connection: connection, logger: scoped.logger))
                }
            }
            let seen = try await database.withDatabase(role: other) { try await attempt($0, as: otherTenant) }
            #expect(seen.page.isEmpty)
            #expect(seen.listed.isEmpty)
            let own = try await database.withDatabase(role: "attest_daemon") { try await attempt($0, as: acme) }
            #expect(own.page.map(\.externalID) == ids)
            #expect(own.listed.map(\.externalID) == ids)
        }
    }
}
