import Compliance
@testable import Reports
import Testing

/// The documents presented, by attested status, and the patterns IER looks for
/// (issue 18, item 11): counts only, and a flag as a prompt for review.
@Suite struct DocumentPatternTests {
    static func day(_ iso: String) -> CivilDate { try! CivilDate(iso: iso) }  // literal test dates

    static func report(_ hires: [(String, String)]) -> AnnualReport {
        var facts = AnnualReportFacts(tenant: ReportTenant(slug: "acme", legalName: "Acme"), year: 2025, asOf: day("2026-01-15"))
        facts.hires = hires.enumerated().map { index, hire in
            var facts = HireFacts(employeeID: "E-\(index)", startDate: day("2025-03-03"))
            (facts.citizenship, facts.documentLists) = (hire.0, hire.1)
            return facts
        }
        return AnnualReport(facts: facts)
    }

    @Test func documentsThatFollowCitizenshipAreFlaggedForReview() throws {
        let report = Self.report([("citizen", "bc"), ("citizen", "bc"), ("national", "bc"), ("alien_authorized", "a"), ("permanent_resident", "a")])
        let flags = report.exceptions.filter { $0.rule == "document_pattern" }
        #expect(flags.count == 1)
        #expect(flags.first?.detail.contains("Every one of the 2 noncitizens presented List A while every one of the 3 citizens") == true)
        #expect(flags.first?.employeeID == nil)
        let i9 = try #require(report.sections.first { $0.id == "i9" })
        #expect(i9.table.rows.first == ["U.S. citizen", "0", "2", "0", "0"])
        #expect(i9.table.rows.contains(["Noncitizen authorized to work", "1", "0", "0", "0"]))
    }

    @Test(arguments: [
        [("citizen", "bc"), ("citizen", "a"), ("alien_authorized", "a"), ("permanent_resident", "a")],  // citizens mixed
        [("citizen", "bc"), ("citizen", "bc"), ("alien_authorized", "a")],                            // one noncitizen
        [("citizen", "bc"), ("citizen", "bc"), ("alien_authorized", "a"), ("alien_authorized", "bc")], // noncitizens mixed
    ])
    func mixedOrTooFewHiresAreNotFlagged(hires: [(String, String)]) {
        #expect(!Self.report(hires).exceptions.contains { $0.rule == "document_pattern" })
    }

    @Test func remoteExaminationUsedForSomeHiresOfASiteIsFlaggedPerSite() throws {
        var facts = AnnualReportFacts(tenant: ReportTenant(slug: "acme", legalName: "Acme"), year: 2025, asOf: Self.day("2026-01-15"))
        let sites: [(String?, Bool)] = [("north", true), ("north", false), ("south", true), ("south", true), (nil, false)]
        facts.hires = sites.enumerated().map { index, hire in
            var facts = HireFacts(employeeID: "E-\(index)", startDate: Self.day("2025-03-03"))
            (facts.site, facts.remoteExamination) = hire
            return facts
        }
        let report = AnnualReport(facts: facts)
        let flags = report.exceptions.filter { $0.rule == "remote_examination_inconsistent" }
        #expect(flags.map(\.subject) == ["site/north"])
        #expect(flags.first?.detail.contains("1 of 2 hires") == true)
        let i9 = try #require(report.sections.first { $0.id == "i9" })
        #expect(i9.figures.first { $0.key == "i9_remote_examination" }?.count == 3)
    }
}
