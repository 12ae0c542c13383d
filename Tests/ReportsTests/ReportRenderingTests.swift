import Compliance
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Reports

/// The report's model and renderers, without a database.
@Suite struct ReportRenderingTests {
    static func day(_ text: String) -> CivilDate { try! CivilDate(iso: text) }

    /// A small year: two hires (one case late), a hostile tenant name, one late and one
    /// overdue obligation.
    static func facts() -> AnnualReportFacts {
        var facts = AnnualReportFacts(tenant: ReportTenant(slug: "acme", legalName: "A&B <Foods> \"Inc\"\u{1}"), year: 2025, asOf: day("2025-12-01"))
        var first = HireFacts(employeeID: "E-1", startDate: day("2025-03-03"))
        first.caseCreatedOn = day("2025-03-04")
        first.section2CompletedOn = day("2025-03-05")
        var second = HireFacts(employeeID: "E-2", startDate: day("2025-03-10"))
        second.caseCreatedOn = day("2025-03-20")
        second.lateReason = "everify_outage"
        var third = HireFacts(employeeID: "E-3", startDate: day("2025-07-07"))
        third.eVerifyRequired = false
        facts.hires = [first, second, third]
        facts.obligations = [
            ObligationFacts(kind: .eVerifyCaseCreation, subject: "hire/E-1", employeeID: "E-1", dueOn: day("2025-03-06"), completedOn: day("2025-03-04")),
            ObligationFacts(kind: .eVerifyCaseCreation, subject: "hire/E-2", employeeID: "E-2", dueOn: day("2025-03-13"), completedOn: day("2025-03-20")),
            ObligationFacts(kind: .tipRespond, subject: "tip/T-1", dueOn: day("2025-11-20")),
            ObligationFacts(kind: .tipAcknowledge, subject: "tip/T-2", dueOn: day("2025-12-05")),
            ObligationFacts(kind: .i9RetentionEnd, subject: "hire/E-9", employeeID: "E-9", dueOn: day("2025-01-05")),
        ]
        var staff = StaffFacts(personID: "P-1")
        staff.prepared = 2
        staff.trainedUntil = day("2025-06-30")
        facts.staff = [staff]
        facts.policies = [PolicyFacts(policyID: "POL-1", kind: "hiring", title: "Hiring", lastReviewedOn: day("2025-01-02"))]
        return facts
    }

    @Test func obligationsBecomeLateOrOverdueExceptionsAsOfTheReportDay() {
        let report = AnnualReport(facts: Self.facts())
        let late = report.exceptions.first { $0.rule == "everify_case_creation" }
        #expect(late?.status == .late)
        #expect(late?.employeeID == "E-2")
        #expect(late?.detail == "E-Verify case created: done 2025-03-20, 7 days late")
        #expect(report.exceptions.first { $0.rule == "tip_respond" }?.detail == "Tip responded to per protocol: not done, 11 days overdue on 2025-12-01")
        #expect(!report.exceptions.contains { $0.subject == "tip/T-2" }, "not yet due on the report day: not an exception")
        #expect(!report.exceptions.contains { $0.rule == "i9_retention_end" }, "the end of retention is not reported")
        let tips = report.items.first { $0.section == "tips" }
        #expect(tips.map { ($0.overdue, $0.pending) } ?? (0, 0) == (1, 1))
    }

    @Test func flagsWhatThePracticesDoNotAllow() {
        let report = AnnualReport(facts: Self.facts())
        let flagged = report.exceptions.filter { $0.status == .flagged }.map { "\($0.rule) \($0.subject)" }
        #expect(flagged.contains("no_case_without_reason hire/E-3"))
        #expect(flagged.contains("training_not_current person/P-1"))
        #expect(flagged.filter { $0.hasPrefix("policy_missing") }.count == 3, "three of the four policy kinds are missing")
        #expect(flagged.contains("audit_not_recorded tenant/tenant"))
    }

    @Test func figuresAndMonthsCountTheYearsHires() throws {
        let report = AnnualReport(facts: Self.facts())
        let everify = try #require(report.sections.first { $0.id == "everify" })
        #expect(everify.figures.first { $0.key == "everify_on_time" }?.text == "1 of 2 (50%)")
        #expect(everify.figures.first { $0.key == "everify_late_explained" }?.text == "1 of 1 (100%)")
        #expect(report.months[2] == MonthFigures(month: 3, hires: 2, onTime: 1))
        #expect(report.months[6] == MonthFigures(month: 7, hires: 1, onTime: 0))
        #expect(Figure("x", "x", 0, outOf: 0).text == "0 of 0")
        #expect(Figure("x", "x", 2, outOf: 3).text == "2 of 3 (67%)")
    }

    @Test func theHTMLIsWellFormedEvenWithHostileTextAndAnEmptyYear() throws {
        for facts in [Self.facts(), AnnualReportFacts(tenant: ReportTenant(slug: "empty", legalName: "Empty"), year: 2025, asOf: Self.day("2026-01-01"))] {
            let html = try ReportFormat.html.render(AnnualReport(facts: facts))
            let parser = XMLParser(data: Data(html.utf8))
            #expect(parser.parse(), "\(String(describing: parser.parserError))")
            #expect(!html.contains("<Foods>") && !html.contains("\u{1}"))
        }
        let empty = try ReportFormat.html.render(AnnualReport(facts: AnnualReportFacts(tenant: ReportTenant(slug: "e", legalName: "E"), year: 2025, asOf: Self.day("2026-01-01"))))
        #expect(empty.contains("No items in this year"))
    }

    @Test func everyFormatIsDeterministic() throws {
        for format in ReportFormat.allCases {
            #expect(try format.render(AnnualReport(facts: Self.facts())) == format.render(AnnualReport(facts: Self.facts())))
        }
    }

    @Test func theJSONRoundTrips() throws {
        let report = AnnualReport(facts: Self.facts())
        #expect(try AnnualReport.decodeJSON(try ReportFormat.json.render(report)) == report)
    }

    @Test func escaping() {
        #expect(TextEscaping.html("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;")
        #expect(TextEscaping.html("x\u{0}y\u{B}z") == "x y z")
        #expect(TextEscaping.markdown("a|b *c* [d]\nnext") == "a\\|b \\*c\\* \\[d\\] next")
        #expect(TextEscaping.csv("plain") == "plain")
        #expect(TextEscaping.csv("a,b") == "\"a,b\"")
        #expect(TextEscaping.csv("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(TextEscaping.csv("=SUM(A1)") == "'=SUM(A1)", "no formula runs when a spreadsheet opens the file")
        #expect(TextEscaping.csv("line\nbreak") == "\"line\nbreak\"")
    }

    @Test func theCSVHasOneHeaderAndTypedRows() throws {
        let csv = try ReportFormat.csv.render(AnnualReport(facts: Self.facts()))
        let lines = csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "section,type,key,label,subject,employee_id,date,status,value,out_of,detail")
        #expect(lines.contains("everify,month,2025-03,new_hires,,,,,2,,"))
        #expect(lines.contains { $0.hasPrefix("everify,exception,everify_case_creation,,hire/E-2,E-2,2025-03-13,late,,,") })
    }

    @Test func xhtmlEscapingCatchesAQuoteBehindACombiningMarkAndDropsControls() {
        #expect(TextEscaping.html("F\"\u{301} <\u{338}x> \u{1B}[2J") == "F&quot;\u{301} &lt;\u{338}x&gt;  [2J")
    }
}
