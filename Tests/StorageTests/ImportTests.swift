import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

@Suite struct ImportTests {
    static func samples(_ name: String) throws -> CSVTable {
        CSVTable(contentsOfFile: try TestEnvironment.repository() + "/samples/\(name).csv")
    }

    static func run(_ kind: RecordImporter.Kind, _ table: CSVTable, _ db: Database) async throws -> RecordImporter.Report {
        try await RecordsTests.work(db) { context, connection in
            try await RecordImporter().run(kind, table: table, context: context, connection: connection, logger: db.logger)
        }
    }

    /// A checksum of every row of every tenant table, to prove "byte-for-byte unchanged".
    static func fingerprint(_ db: Database) async throws -> [String] {
        var sums: [String] = []
        for table in ["people", "trainings", "hires", "i9_records", "everify_cases", "nomatch_letters", "obligations", "events"] {
            let rows = try await db.client.query(PostgresQuery(unsafeSQL: """
                SELECT '\(table) ' || count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM attest.\(table) AS t
                """))
            for try await sum in rows.decode(String.self) { sums.append(sum) }
        }
        return sums
    }

    @Test func theSampleFilesImportAndAReimportChangesNothing() async throws {
        try await RecordsTests.withTenant { _, db in
            for kind in RecordImporter.Kind.allCases {
                let report = try await Self.run(kind, try Self.samples(kind.rawValue), db)
                #expect(report.rows > 0, "\(kind)")
            }
            let before = try await Self.fingerprint(db)
            for kind in RecordImporter.Kind.allCases {
                let again = try await Self.run(kind, try Self.samples(kind.rawValue), db)
                #expect(again.changed == 0, "\(kind) re-import changed \(again.changed) rows")
                #expect(again.obligationsInserted + again.obligationsMoved + again.obligationsCancelled + again.obligationsCompleted == 0)
            }
            #expect(try await Self.fingerprint(db) == before)
        }
    }

    @Test func oneBadRowAmongManyChangesNothingAndEveryProblemIsListed() async throws {
        try await RecordsTests.withTenant { _, db in
            var lines = ["employee_id,start_date,citizenship,section2_completed_on,section2_preparer,reviewer,reviewed_on"]
            for n in 1...500 { lines.append("E-\(n),2026-11-02,citizen,,,,") }
            lines[120] = "E-120,2026-02-30,citizen,,,,"                  // no such day
            lines[300] = "E-300,2026-11-02,martian,,,,"                  // unknown status
            lines[400] = "E-400,2026-11-02,citizen,2026-11-03,P-1,P-1,2026-11-04"  // reviewer = preparer
            lines.append("E-7,2026-11-03,citizen,,,,")                    // duplicate id
            let table = CSVTable(fileName: "hires.csv", data: Data(lines.joined(separator: "\r\n").utf8))
            let before = try await Self.fingerprint(db)
            let error = await #expect(throws: ImportError.self) { try await Self.run(.hires, table, db) }
            let text = error?.description ?? ""
            #expect(text.contains("hires.csv:121: start_date:"))
            #expect(text.contains("hires.csv:301: citizenship: 'martian'"))
            #expect(text.contains("hires.csv:401: reviewer: the secondary reviewer must be a different person"))
            #expect(text.contains("hires.csv:502: employee_id: 'E-7' already appears on line 8"))
            #expect(error?.problems.count == 4)
            #expect(try await Self.fingerprint(db) == before)
        }
    }

    @Test func untrainedPreparersAreReportedByLine() async throws {
        try await RecordsTests.withTenant { _, db in
            let csv = """
                employee_id,start_date,section2_completed_on,section2_preparer
                E-1,2026-11-02,2026-11-03,P-1
                E-2,2026-11-02,2026-11-03,U-1
                """
            let error = await #expect(throws: ImportError.self) {
                try await Self.run(.hires, CSVTable(fileName: "h.csv", data: Data(csv.utf8)), db)
            }
            #expect(error?.problems.map(\.description) == ["h.csv:3: section2_preparer: U-1 prepared Section 2 on 2026-11-03 without a current I-9 training (only trained people may run the I-9 process)"])
        }
    }

    /// One run lists every problem of a file, those of its cells and those that need the
    /// database (unknown people and hires, untrained preparers), each by file and line;
    /// and nothing is written (issue 18, item 13).
    @Test(arguments: [
        (RecordImporter.Kind.hires, """
            employee_id,start_date,section2_completed_on,section2_preparer,reviewer,reviewed_on
            E-1,2026-11-02,2026-11-03,X-9,,
            E-2,2026-13-02,,,,
            E-3,2026-11-02,2026-11-03,U-1,,
            E-4,2026-11-02,2026-11-03,P-1,Z-1,2026-11-04
            """, [
                "f.csv:2: section2_preparer: no person with id \"X-9\" in tenant acme (import the people first)",
                "f.csv:4: section2_preparer: U-1 prepared Section 2 on 2026-11-03 without a current I-9 training (only trained people may run the I-9 process)",
                "f.csv:5: reviewer: no person with id \"Z-1\" in tenant acme (import the people first)",
            ], "f.csv:3: start_date:"),
        (.trainings, """
            person_id,completed_on
            P-1,2026-05-01
            Q-7,2026-05-01
            R-1,2026-02-31
            """, ["f.csv:3: person_id: no person with id \"Q-7\" in tenant acme (import the people first)"], "f.csv:4: completed_on:"),
        (.nomatch, """
            letter_id,received_on,employee_id
            L-1,2026-11-20,E-404
            L-2,2026-11-32,
            """, ["f.csv:2: employee_id: no hire with employee id \"E-404\" in tenant acme (import the hires first)"], "f.csv:3: received_on:"),
    ])
    func everyProblemOfAFileIsListedInOneRunByLine(kind: RecordImporter.Kind, csv: String, databaseProblems: [String], cellProblem: String) async throws {
        try await RecordsTests.withTenant { _, db in
            let before = try await Self.fingerprint(db)
            let error = await #expect(throws: ImportError.self) {
                try await Self.run(kind, CSVTable(fileName: "f.csv", data: Data(csv.utf8)), db)
            }
            let problems = error?.problems.map(\.description) ?? []
            #expect(problems.contains { $0.hasPrefix(cellProblem) }, "\(problems)")
            #expect(problems.filter { !$0.hasPrefix(cellProblem) } == databaseProblems)
            #expect(try await Self.fingerprint(db) == before)
        }
    }

    @Test func aSocialSecurityNumberIsRefusedWithoutBeingRepeated() async throws {
        try await RecordsTests.withTenant { _, db in
            let csv = "employee_id,start_date\n123-45-6789,2026-11-02\nE-2,2026-11-02\n"
            let error = await #expect(throws: ImportError.self) {
                try await Self.run(.hires, CSVTable(fileName: "h.csv", data: Data(csv.utf8)), db)
            }
            #expect(error?.problems.map(\.description) == ["h.csv:2: employee_id: looks like a Social Security number; Attest never stores one (remove the column or the value)"])
        }
    }
}
