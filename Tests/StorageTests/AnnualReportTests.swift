import Compliance
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PostgresNIO
import Reports
import Storage
import TestSupport
import Testing

/// The annual IMAGE report of a seeded tenant, against a real database: golden files
/// in every format, the HTML well-formed, the CSV and JSON read back to the model, and
/// the submission completing the report's obligation.
///
/// Golden files: `Tests/StorageTests/Golden/`. After an intended change, regenerate
/// them with `ATTEST_TEST_UPDATE_GOLDEN=1` set for one run of these tests, and review
/// the diff.
@Suite struct AnnualReportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func withSeededTenant(_ body: (TestDatabase, Database) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                try await AnnualReportSeed.seed(db)
                try await body(database, db)
            }
        }
    }

    static func report(_ db: Database, asOf: CivilDate = AnnualReportSeed.asOf) async throws -> AnnualReport {
        try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
            try await AnnualReportRepository().report(year: AnnualReportSeed.year, asOf: asOf, context: context, connection: connection, logger: db.logger)
        }
    }

    static func operatorURL(_ database: TestDatabase) -> String {
        "postgres://attest_operator:\(database.password)@127.0.0.1:\(database.port)/\(database.name)?sslmode=disable"
    }

    @Test func theReportMatchesTheGoldenFilesInEveryFormat() async throws {
        try await Self.withSeededTenant { _, db in
            let report = try await Self.report(db)
            for format in ReportFormat.allCases {
                let rendered = try format.render(report)
                let file = Self.golden.appendingPathComponent("annual-report-2025.\(format.fileExtension)")
                if ProcessInfo.processInfo.environment["ATTEST_TEST_UPDATE_GOLDEN"] == "1" {
                    try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
                    try Data(rendered.utf8).write(to: file)
                }
                let expected = try String(contentsOf: file, encoding: .utf8)
                #expect(rendered == expected, "\(format) differs from \(file.lastPathComponent); regenerate with ATTEST_TEST_UPDATE_GOLDEN=1 if intended")
            }
            #expect(try ReportFormat.html.render(report) == ReportFormat.html.render(try await Self.report(db)), "the same records give the same bytes")
        }
    }

    @Test func everySectionShowsRecordsAndEveryKindOfException() async throws {
        try await Self.withSeededTenant { _, db in
            let report = try await Self.report(db)
            #expect(report.sections.map(\.id) == ReportSection.ID.allCases.map(\.rawValue))
            for section in ReportSection.ID.allCases {
                #expect(!report.exceptions(in: section.rawValue).isEmpty, "no exception in \(section)")
            }
            #expect(Set(report.exceptions.map(\.status)) == Set(ReportException.Status.allCases))
            let rules = Set(report.exceptions.map(\.rule))
            for rule in ["everify_case_creation", "no_case_without_reason", "case_before_i9_completed", "everify_tnc_employer_action", "i9_section2", "i9_secondary_review",
                         "training_not_current", "training_program_update", "audit_annual", "nomatch_resolve", "tip_investigate", "tip_respond",
                         "selfreport_correct", "selfreport_report", "policy_review", "policy_missing", "network_communication", "report_annual"] {
                #expect(rules.contains(rule), "no \(rule) exception")
            }
            let everify = try #require(report.sections.first { $0.id == "everify" })
            #expect(everify.figures.first { $0.key == "new_hires" }?.count == 8)
            #expect(everify.figures.first { $0.key == "everify_on_time" }.map { ($0.count, $0.outOf) } ?? (0, nil) == (5, 7))
            #expect(report.months[1] == MonthFigures(month: 2, hires: 1, onTime: 1))
            let letters = try #require(report.sections.first { $0.id == "nomatch" })
            #expect(letters.table.rows.map { $0.last } == ["33", "136", ""], "days to resolution")
            let hireExceptions = report.exceptions.filter { $0.subject.hasPrefix("hire/") }
            #expect(hireExceptions.allSatisfy { $0.employeeID == String($0.subject.dropFirst(5)) }, "hire exceptions name the employee")
            #expect(report.exceptions.contains { $0.subject == "everify_case/2025A107" && $0.employeeID == "E-107" }, "a case's exception names its hire")
        }
    }

    @Test func theHTMLIsWellFormedAndEscapesRecordText() async throws {
        try await Self.withSeededTenant { _, db in
            let html = try ReportFormat.html.render(try await Self.report(db))
            let parser = XMLParser(data: Data(html.utf8))
            let collector = ElementCollector()
            parser.delegate = collector
            #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
            #expect(collector.elements.filter { $0 == "svg" }.count == 2)
            #expect(!collector.elements.contains("script"))
            #expect(collector.text.contains("Form \"I-9\" <missing> & late, for 2 hires"), "record text arrives intact after escaping")
            let links = html.components(separatedBy: "http").dropFirst()
            #expect(links.allSatisfy { $0.hasPrefix("://www.w3.org/") }, "no external assets: the only URLs are the XHTML and SVG namespaces")
            #expect(!html.contains(" src=") && !html.contains(" href="))
        }
    }

    @Test func theCSVReadsBackToTheModel() async throws {
        try await Self.withSeededTenant { _, db in
            let report = try await Self.report(db)
            let table = CSVTable(fileName: "report.csv", data: Data(try ReportFormat.csv.render(report).utf8))
            #expect(table.problems.isEmpty)
            var figures: [String: (Int, Int?)] = [:], exceptions: [ReportException] = [], onTime: [String: Int] = [:]
            for row in table {
                let section = row.optional("section") ?? "", type = row.optional("type") ?? ""
                switch type {
                case "figure":
                    figures["\(section).\(row.optional("key") ?? "")"] = (Int(row.optional("value") ?? "") ?? -1, row.optional("out_of").flatMap { Int($0) })
                case "exception":
                    exceptions.append(ReportException(
                        section: try #require(ReportSection.ID(rawValue: section)), rule: row.optional("key") ?? "",
                        status: try #require(ReportException.Status(rawValue: row.optional("status") ?? "")), subject: row.optional("subject") ?? "",
                        employeeID: row.optional("employee_id"), date: try CivilDate(iso: row.optional("date") ?? ""), detail: row.optional("detail") ?? ""))
                case "items" where row.optional("label") == "on_time":
                    onTime[section] = Int(row.optional("value") ?? "")
                default: break
                }
            }
            #expect(exceptions == report.exceptions)
            for section in report.sections {
                for figure in section.figures {
                    #expect(figures["\(section.id).\(figure.key)"].map { $0.0 == figure.count && $0.1 == figure.outOf } == true, "\(section.id).\(figure.key)")
                }
            }
            #expect(onTime == Dictionary(uniqueKeysWithValues: report.items.map { ($0.section, $0.onTime) }))
        }
    }

    @Test func theJSONDecodesBackToTheModel() async throws {
        try await Self.withSeededTenant { _, db in
            let report = try await Self.report(db)
            #expect(try AnnualReport.decodeJSON(try ReportFormat.json.render(report)) == report)
        }
    }

    @Test func recordingTheSubmissionCompletesTheReportObligation() async throws {
        try await Self.withSeededTenant { _, db in
            #expect(try await Self.report(db).exceptions.contains { $0.rule == "report_annual" && $0.status == .overdue })
            let change = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                try await AnnualRepository().submitReport(year: AnnualReportSeed.year, on: AnnualReportSeed.day("2026-01-20"), reference: "ICE-2025-17",
                                                          context: context, connection: connection, logger: db.logger)
            }
            #expect(change.completed == 1)
            let state = try await db.client.query("""
                SELECT state || ' ' || to_char(completed_on, 'YYYY-MM-DD') FROM attest.obligations WHERE kind = 'report_annual' AND cycle = '2025'
                """).decode(String.self).reduce(into: [String]()) { $0.append($1) }
            #expect(state == ["done 2026-01-20"])
            let report = try await Self.report(db, asOf: AnnualReportSeed.day("2026-01-21"))
            #expect(report.submission == ReportSubmission(submittedOn: AnnualReportSeed.day("2026-01-20"), reference: "ICE-2025-17"))
            #expect(report.exceptions.first { $0.rule == "report_annual" }?.status == .late, "submitted after its due date: late, no longer overdue")
        }
    }

    @Test func theCommandWritesOneFilePerTenant() async throws {
        try await Self.withSeededTenant { database, db in
            _ = try await TenantRepository(database: db).add(try TenantDraft(slug: "empty-co", legalName: "Empty Co", timeZone: "UTC"))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-reports-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let output = try await AttestProcess.run(
                ["report", "annual", "--all-tenants", "--year", "2025", "--as-of", "2026-01-15", "--format", "md", "--output-dir", folder.path],
                environment: ["ATTEST_DATABASE_URL": Self.operatorURL(database), "ATTEST_LOG_LEVEL": "error"])
            #expect(output.status == 0, "\(output.standardError)")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(files == ["acme.md", "empty-co.md"])
            let written = try String(contentsOf: folder.appendingPathComponent("acme.md"), encoding: .utf8)
            #expect(written == (try ReportFormat.md.render(try await Self.report(db))))
            let bad = try await AttestProcess.run(["report", "annual", "--all-tenants", "--year", "2025"],
                                                  environment: ["ATTEST_DATABASE_URL": Self.operatorURL(database)])
            #expect(bad.status != 0 && bad.standardError.contains("--output-dir"))
        }
    }
}

/// Collects element names and text while XMLParser reads a document.
final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(name)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }
}
