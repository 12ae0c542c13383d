import Compliance
import Foundation
import Testing
@testable import Storage

/// Reads text as a CSV file named `t.csv`.
private func csv(_ text: String, limits: CSVTable.Limits = CSVTable.Limits()) -> CSVTable {
    CSVTable(fileName: "t.csv", bytes: Array(text.utf8), limits: limits)
}

/// Every row's values of the given columns (raw, via `optional`, empty as "").
private func values(_ table: CSVTable, _ columns: [String]) -> [[String]] {
    table.map { row in columns.map { row.optional($0) ?? "" } }
}

private enum Status: String, CaseIterable {
    case active, terminated
}

@Suite struct CSVTableTests {
    // MARK: Control characters

    @Test func controlCharactersAreProblemsAtTheirLineAndColumn() {
        let table = csv("id,name,note\n1,Ann,fine\n2,\"Bo\u{0}b\",x\n3,Cy,\"two\nlines\tand a tab\"\n4,Di,\"red \u{1B}[31m\"\n5,Ed,c1 \u{85} here\n")
        #expect(table.problems.map(\.description) == [
            "t.csv:3: name: contains the control character U+0000, which no text field takes; remove it",
            "t.csv:6: note: contains the control character U+001B, which no text field takes; remove it",
            "t.csv:7: note: contains the control character U+0085, which no text field takes; remove it",
        ], "\(table.problems.map(\.description))")
    }

    @Test func aDateTooLateForTheDeadlinesCalendarsIsAProblem() {
        var rows = csv("id,on\n1,2195-12-31\n2,2196-01-01\n").makeIterator()
        var first = rows.next()!, second = rows.next()!
        #expect(first.date("on") != nil && first.problems.isEmpty)
        #expect(second.date("on") == nil)
        #expect(second.problems.first?.message.contains("the latest date a record may carry") == true, "\(second.problems)")
    }

    @Test func controlCharacterProblemsAreBounded() {
        let rows = (1...30).map { "\($0),x\u{7F}" }.joined(separator: "\n")
        let table = csv("id,name\n" + rows + "\n")
        #expect(table.problems.count == 11)
        #expect(table.problems.last?.message == "and 20 more fields hold control characters")
    }

    // MARK: Syntax

    @Test(arguments: [false, true])
    func readsWithAndWithoutBOM(bom: Bool) {
        let bytes = (bom ? [0xEF, 0xBB, 0xBF] : []) + Array("id,name\n1,Zoë\n".utf8)
        let table = CSVTable(fileName: "t.csv", bytes: bytes)
        #expect(table.problems.isEmpty)
        #expect(table.header == ["id", "name"])
        #expect(values(table, ["id", "name"]) == [["1", "Zoë"]])
    }

    @Test func crlfAndLFGiveTheSameRowsAndLines() {
        let lf = csv("id,name\n1,a\n2,b\n")
        let crlf = csv("id,name\r\n1,a\r\n2,b\r\n")
        let noFinalNewline = csv("id,name\r\n1,a\r\n2,b")
        for table in [lf, crlf, noFinalNewline] {
            #expect(table.problems.isEmpty)
            #expect(values(table, ["id", "name"]) == [["1", "a"], ["2", "b"]])
            #expect(table.map(\.line) == [2, 3])
        }
    }

    @Test func quotedFieldsKeepCommasLineBreaksAndEscapedQuotes() {
        let table = csv("id,note,last\n1,\"a, b\",x\n2,\"say \"\"hi\"\"\",y\n3,\"two\r\nlines\nand\rcr\",z\n4,\"\",\"\"\"\"\n")
        #expect(table.problems.isEmpty)
        let rows = table.map { row in ["id", "note", "last"].map { row.optional($0) } }
        #expect(rows == [
            ["1", "a, b", "x"],
            ["2", "say \"hi\"", "y"],
            ["3", "two\r\nlines\nand\rcr", "z"],
            ["4", nil, "\""],
        ])
    }

    @Test func lineNumbersCountLinesInsideQuotedFields() {
        let table = csv("id,note\n1,\"one\ntwo\nthree\"\n2,after\r\n3,\"x\r\ny\"\r\n4,last\n")
        #expect(table.problems.isEmpty)
        #expect(table.map(\.line) == [2, 5, 6, 8])
        #expect(values(table, ["id"]) == [["1"], ["2"], ["3"], ["4"]])
    }

    @Test func blankLinesAndLinesOfOnlyCommasAreSkipped() {
        let table = csv("\n\nid,name\n\n1,a\r\n\r\n,\n2,b\n\n")
        #expect(table.problems.isEmpty)
        #expect(table.headerLine == 3)
        #expect(table.map(\.line) == [5, 8])
        #expect(values(table, ["name"]) == [["a"], ["b"]])
    }

    @Test func trailingCommaMakesAnEmptyLastField() {
        let table = csv("a,b\n1,")
        #expect(table.problems.isEmpty)
        #expect(table.count == 1)
        #expect(table.first?.optional("a") == "1")
        #expect(table.first?.optional("b") == nil)
    }

    @Test func rowsWithTheWrongNumberOfFieldsAreReportedAndLeftOut() {
        let table = csv("a,b,c\n1,2,3\n1,2\n1,2,3,4\n7,8,9\n")
        #expect(table.problems.map(\.description) == [
            "t.csv:3: row has 2 fields but the header has 3 columns; every row needs a value (possibly empty) for each column",
            "t.csv:4: row has 4 fields but the header has 3 columns; enclose values that contain a comma in quotes",
        ])
        #expect(table.map(\.line) == [2, 5])
    }

    @Test func strayQuotesAndTextAfterAClosingQuoteAreProblems() {
        let table = csv("name,size\nTV,55\"\n\"Ann\"x,1\n\"Bob\" ,2\nok,3\n")
        #expect(table.problems.map(\.description) == [
            "t.csv:2: size: quote (\") inside an unquoted field; enclose the whole value in quotes and write a quote inside it as \"\"",
            "t.csv:3: name: text after the closing quote; a quoted value must end at a comma or the end of the line (write a quote inside it as \"\")",
            "t.csv:4: name: text after the closing quote; a quoted value must end at a comma or the end of the line (write a quote inside it as \"\")",
        ])
        #expect(table.map(\.line) == [5])
    }

    @Test func anUnclosedQuoteIsReportedWhereItStarts() {
        let table = csv("id,note\n1,ok\n2,\"never\nclosed\n3,x\n")
        #expect(table.problems.map(\.description) == [
            "t.csv:3: note: quoted field is never closed; add the closing quote (\")",
        ])
        #expect(table.map(\.line) == [2])
    }

    @Test func aBareCarriageReturnIsAProblem() {
        let table = csv("id,name\n1,a\rb\n")
        #expect(table.problems.map(\.description) == [
            "t.csv:2: name: carriage return (CR) without a line feed; save the file with LF or CRLF line endings",
        ])
        #expect(table.isEmpty)
    }

    // MARK: Encoding and limits

    @Test func invalidUTF8IsReportedWithItsLine() {
        var bytes = Array("id,name\n1,ok\n2,Jos".utf8)
        bytes += [0xE9]  // Latin-1 é
        bytes += Array("\n3,ok\n4,\u{1F600}\n5,".utf8) + [0xED, 0xA0, 0x80]  // an encoded surrogate
        let table = CSVTable(fileName: "t.csv", bytes: bytes)
        #expect(table.problems.map(\.description) == [
            "t.csv:3: line is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")",
            "t.csv:6: line is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")",
        ])
        #expect(table.isEmpty)
    }

    @Test func manyInvalidLinesAreSummarised() {
        let bytes = Array("id\n".utf8) + Array(repeating: [0xFF, 0x0A], count: 25).flatMap { $0 }
        let table = CSVTable(fileName: "t.csv", bytes: bytes)
        #expect(table.problems.count == 11)
        #expect(table.problems.last?.description == "t.csv:12: and 15 more lines are not valid UTF-8")
    }

    @Test func utf16IsRefusedWithAHint() {
        let table = CSVTable(fileName: "t.csv", data: Data([0xFF, 0xFE, 0x69, 0x00, 0x64, 0x00]))
        #expect(table.problems.map(\.description) == [
            "t.csv:1: file is UTF-16; save it as UTF-8 (in Excel: \"CSV UTF-8\")",
        ])
    }

    @Test func anEmptyFileIsAProblem() {
        for text in ["", "\n\r\n", "\u{FEFF}"] {
            #expect(csv(text).problems.map(\.description) == ["t.csv:1: file is empty; expected a header row naming the columns"])
        }
    }

    @Test func limitsOnFileSizeAndFieldLength() {
        let big = csv("id\n1234567890\n", limits: CSVTable.Limits(maxFileBytes: 10))
        #expect(big.problems.map(\.description) == [
            "t.csv:1: file is 14 bytes, more than the limit of 10 bytes; split it into smaller files",
        ])
        #expect(big.header.isEmpty)

        let long = csv("id,note\n1,short\n2,\"0123456789\nx\"\n3,ok\n", limits: CSVTable.Limits(maxFieldBytes: 10))
        #expect(long.problems.map(\.description) == [
            "t.csv:3: note: field is longer than 10 bytes; is a closing quote missing?",
        ])
        #expect(long.map(\.line) == [2, 5])
    }

    @Test func readsAFileAndRefusesMissingOrOversizedOnes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csvtable-\(UUID()).csv").path
        try Data("id\n1\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = CSVTable(contentsOfFile: path)
        #expect(table.problems.isEmpty)
        #expect(values(table, ["id"]) == [["1"]])
        #expect(CSVTable(contentsOfFile: path, limits: CSVTable.Limits(maxFileBytes: 4)).problems.map(\.description) == [
            "\(path):1: file is 5 bytes, more than the limit of 4 bytes; split it into smaller files",
        ])
        #expect(CSVTable(contentsOfFile: path + ".missing").problems.map(\.description) == ["\(path).missing:1: file not found"])
    }

    // MARK: Header

    @Test func headerNamesAreTrimmedAndMatchedCaseInsensitively() {
        var table = csv(" Employee_ID ,\"Start Date\"\nE1,2026-01-05\n")
        table.requireHeaders(["employee_id", "start date"])
        #expect(table.problems.isEmpty)
        #expect(table.header == ["Employee_ID", "Start Date"])
        #expect(table.columnIndex("START DATE") == 1)
        #expect(table.first?.optional("employee_id") == "E1")
    }

    @Test func duplicateAndEmptyHeaderNamesAreProblems() {
        let table = csv("id,Email,,email\n1,a,b,c\n")
        #expect(table.problems.map(\.description) == [
            "t.csv:1: column 3 of the header has no name; name it or delete the column",
            "t.csv:1: email: column appears more than once in the header",
        ])
    }

    @Test func requireHeadersReportsMissingAndUnknownColumns() {
        var table = csv("id,emial,Note\n1,a,b\n")
        table.requireHeaders(["id", "email"], optional: ["note", "phone"])
        #expect(table.problems.map(\.description) == [
            "t.csv:1: email: required column is missing from the header row; add it",
            "t.csv:1: emial: unknown column; expected only: id, email, note, phone",
        ])
    }

    // MARK: Typed values

    @Test func typedAccessorsReadGoodValues() throws {
        var table = csv("name,start,days,remote,status,email,note\n  Ann  ,2026-03-02,40,Yes,Terminated,ann@example.com,\n")
        table.requireHeaders(["name", "start", "days", "remote", "status", "email"], optional: ["note"])
        var row = try #require(table.first)
        #expect(row.required("name") == "Ann")
        #expect(row.date("start") == (try CivilDate(year: 2026, month: 3, day: 2)))
        #expect(row.integer("days", range: 0...365) == 40)
        #expect(row.boolean("remote") == true)
        #expect(row.choice("status", as: Status.self) == .terminated)
        #expect(row.email("email") == "ann@example.com")
        #expect(row.optional("note") == nil)
        #expect(row.date("note", required: false) == nil)
        #expect(row.optional("absent") == nil)
        #expect(row.problems.isEmpty)
        #expect(row.line == 2)
    }

    @Test(arguments: [
        ("true", true), ("FALSE", false), ("yes", true), ("No", false), ("1", true), ("0", false),
    ])
    func booleansAcceptTheUsualSpellings(text: String, expected: Bool) {
        var row = csv("flag\n\(text)\n")[0]
        #expect(row.boolean("flag") == expected)
        #expect(row.problems.isEmpty)
    }

    @Test func typedAccessorsReportBadValuesWithFileLineAndColumn() {
        var table = csv("name,start,days,remote,status,email\n,2026-02-30,x,maybe,gone,ann@\n ,2026-3-2,400,,,\"a\r\nb@example.com\"\n")
        table.requireHeaders(["name", "start", "days", "remote", "status", "email"])
        var first = table[0]
        #expect(first.required("name") == nil)
        #expect(first.date("start") == nil)
        #expect(first.integer("days") == nil)
        #expect(first.boolean("remote") == nil)
        #expect(first.choice("status", as: Status.self) == nil)
        #expect(first.email("email") == nil)
        #expect(first.problems.map(\.description) == [
            "t.csv:2: name: a value is required",
            "t.csv:2: start: 2026-02-30 does not exist in the calendar; check the month and day",
            "t.csv:2: days: 'x' is not a whole number",
            "t.csv:2: remote: 'maybe' is not yes or no; write true/false, yes/no or 1/0",
            "t.csv:2: status: 'gone' is not one of: active, terminated",
            "t.csv:2: email: e-mail address \"ann@\" is malformed (expected name@example.com)",
        ])
        var second = table[1]
        #expect(second.required("name") == nil)
        #expect(second.date("start") == nil)
        #expect(second.integer("days", range: 0...365) == nil)
        #expect(second.boolean("remote", required: false) == nil)
        #expect(second.choice("status", as: Status.self) == nil)
        #expect(second.email("email") == nil)
        #expect(second.problems.map(\.description) == [
            "t.csv:3: name: a value is required",
            "t.csv:3: start: '2026-3-2' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02",
            "t.csv:3: days: 400 is not between 0 and 365",
            "t.csv:3: status: a value is required",
            "t.csv:3: email: e-mail address contains a line break or control character",
        ])
    }

    @Test func reportAddsTheImportersOwnProblems() {
        var row = csv("a\n1\n")[0]
        row.report("termination date is before the start date", column: "a")
        row.report("whole row is odd")
        #expect(row.problems.map(\.description) == [
            "t.csv:2: a: termination date is before the start date",
            "t.csv:2: whole row is odd",
        ])
    }

    // MARK: Whole files

    private struct Person: Equatable {
        let id: String
        let start: CivilDate
        let email: String?
    }

    private func people(_ table: inout CSVTable) throws(ImportError) -> [Person] {
        table.requireHeaders(["id", "start"], optional: ["email"])
        return try table.decodeRows { row in
            let id = row.required("id")
            let start = row.date("start")
            let email = row.email("email", required: false)
            guard let id, let start else { return nil }
            return Person(id: id, start: start, email: email)
        }
    }

    @Test func aCleanFileDecodesEveryRow() throws {
        var table = csv("ID,Start,Email\nE1,2026-01-05,a@example.com\nE2,2026-01-06,\n")
        let result = try people(&table)
        #expect(result == [
            Person(id: "E1", start: try CivilDate(iso: "2026-01-05"), email: "a@example.com"),
            Person(id: "E2", start: try CivilDate(iso: "2026-01-06"), email: nil),
        ])
    }

    @Test func aFileWithSeveralBadRowsReportsEveryProblemInLineOrder() {
        var table = csv("""
            id,start,email
            E1,2026-01-05,a@example.com
            ,2026-13-01,b@example
            E3,"2026-01-07
            ",c@example.com
            E4,2026-01-08
            E5,2026-01-09,"x"y
            E6,,
            E7,2026-01-10,e@example.com

            """)
        let error = #expect(throws: ImportError.self) { try people(&table) }
        #expect(error?.description == """
            t.csv:3: id: a value is required
            t.csv:3: start: 2026-13-01 does not exist in the calendar; check the month and day
            t.csv:3: email: e-mail address "b@example" is malformed (expected name@example.com)
            t.csv:4: start: '2026-01-07\n' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02
            t.csv:6: row has 2 fields but the header has 3 columns; every row needs a value (possibly empty) for each column
            t.csv:7: email: text after the closing quote; a quoted value must end at a comma or the end of the line (write a quote inside it as "")
            t.csv:8: start: a value is required
            """)
        #expect(error?.problems.count == 7)
    }

    @Test func aMissingColumnIsReportedOnceForTheFile() {
        var table = csv("id,email\nE1,a@example.com\nE2,b@example.com\nE3,\n")
        let error = #expect(throws: ImportError.self) { try people(&table) }
        #expect(error?.problems.map(\.description) == ["t.csv:1: start: required column is missing from the header row; add it"])
    }

    @Test func aRowRejectedWithoutAReasonIsStillReported() {
        var table = csv("id\nE1\nE2\n")
        table.requireHeaders(["id"])
        let error = #expect(throws: ImportError.self) {
            try table.decodeRows { row -> String? in row.line == 3 ? nil : row.optional("id") }
        }
        #expect(error?.description == "t.csv:3: row was not imported (the importer gave no reason)")
    }

    // MARK: Problems

    @Test func problemDescriptionsAndErrorOrdering() {
        let a = ImportProblem(file: "f.csv", line: 9, column: "email", message: "bad")
        let b = ImportProblem(file: "f.csv", line: 2, message: "short row")
        let c = ImportProblem(file: "f.csv", line: 9, column: "date", message: "worse")
        #expect(a.description == "f.csv:9: email: bad")
        #expect(b.description == "f.csv:2: short row")
        let error = ImportError([a, b, c, a])
        #expect(error.problems == [b, a, c])
        #expect(error.description == "f.csv:2: short row\nf.csv:9: email: bad\nf.csv:9: date: worse")
    }
}
