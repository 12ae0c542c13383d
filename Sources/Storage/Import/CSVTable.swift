import Foundation

/// A CSV file read strictly: a header row naming the columns, then rows of exactly that
/// many fields.
///
/// The format is RFC 4180 as HR systems and spreadsheets export it: comma separators,
/// fields optionally enclosed in double quotes (a quoted field may contain commas, CR and
/// LF; `""` inside it is one quote), LF or CRLF line endings, UTF-8 with or without a byte
/// order mark. Blank lines (and lines of nothing but commas) are skipped. Header names are
/// trimmed and matched case-insensitively.
///
/// Reading never throws: everything wrong with the file is collected in ``problems``, each
/// located by its 1-based physical line (a row's line is the one it starts on, counting
/// the lines inside multi-line quoted fields). Rows with a syntax problem or the wrong
/// number of fields are reported and left out of the table, so the remaining rows can
/// still be checked and one pass lists every problem. Parsing works on bytes in linear
/// time; ``Limits`` bound the memory a bad file can take.
///
/// Typical use:
/// ```swift
/// var table = CSVTable(contentsOfFile: path)
/// table.requireHeaders(["employee_id", "start_date"], optional: ["email"])
/// let hires = try table.decodeRows { row in
///     let id = row.required("employee_id")
///     let start = row.date("start_date")
///     let email = row.email("email", required: false)
///     guard let id, let start else { return nil }
///     return HireRow(id: id, start: start, email: email)
/// }
/// ```
public struct CSVTable: Sendable {
    /// Bounds on the input, so a wrong or hostile file is refused with a clear problem
    /// instead of using unbounded memory.
    public struct Limits: Sendable, Equatable {
        /// The largest file accepted, in bytes (default 128 MiB).
        public var maxFileBytes: Int
        /// The longest field accepted, in bytes after unquoting (default 64 KiB).
        public var maxFieldBytes: Int

        /// Makes limits; the defaults suit HR exports of a few hundred thousand rows.
        public init(maxFileBytes: Int = 128 << 20, maxFieldBytes: Int = 64 << 10) {
            self.maxFileBytes = maxFileBytes
            self.maxFieldBytes = maxFieldBytes
        }
    }

    /// The parsed content, shared (not copied) by the table and its rows.
    final class Parsed: Sendable {
        let fileName: String
        /// The header names, trimmed, as written in the file.
        let header: [String]
        /// The physical line of the header row (1 unless blank lines precede it).
        let headerLine: Int
        /// Lower-cased header name → column index (the first occurrence of a duplicate).
        let columnIndex: [String: Int]
        /// Unquoted field contents of the kept rows, back to back.
        let bytes: [UInt8]
        /// `bounds[k]..<bounds[k + 1]` is field `k`; row `r` has fields `r * width ..< (r + 1) * width`.
        let bounds: [Int]
        /// The line each kept row starts on.
        let lines: [Int]

        init(fileName: String, header: [String], headerLine: Int, columnIndex: [String: Int],
             bytes: [UInt8], bounds: [Int], lines: [Int]) {
            self.fileName = fileName
            self.header = header
            self.headerLine = headerLine
            self.columnIndex = columnIndex
            self.bytes = bytes
            self.bounds = bounds
            self.lines = lines
        }

        static func empty(fileName: String) -> Parsed {
            Parsed(fileName: fileName, header: [], headerLine: 1, columnIndex: [:], bytes: [], bounds: [0], lines: [])
        }

        /// The bytes of a field of a row, without leading or trailing spaces and tabs.
        func field(row: Int, column: Int) -> ArraySlice<UInt8> {
            let k = row * header.count + column
            return CSVParser.trimmed(bytes[bounds[k]..<bounds[k + 1]])
        }
    }

    let parsed: Parsed
    private var headersChecked = false

    /// The file name used in problems.
    public var fileName: String { parsed.fileName }
    /// The column names of the header row, trimmed, as written in the file (empty when the
    /// file has no header row).
    public var header: [String] { parsed.header }
    /// The physical line of the header row.
    public var headerLine: Int { parsed.headerLine }
    /// The problems with the file itself: encoding, syntax, header, field counts, limits,
    /// and those added by ``requireHeaders(_:optional:)``. Row values are checked by
    /// ``CSVRow``.
    public private(set) var problems: [ImportProblem]

    /// Reads a table from bytes. `fileName` is only used in problems.
    public init(fileName: String, bytes: [UInt8], limits: Limits = Limits()) {
        let (parsed, problems) = bytes.withUnsafeBufferPointer {
            CSVParser.parse($0, fileName: fileName, limits: limits)
        }
        self.parsed = parsed
        self.problems = problems + CSVParser.controlCharacterProblems(parsed)
    }

    /// Reads a table from data. `fileName` is only used in problems.
    public init(fileName: String, data: Data, limits: Limits = Limits()) {
        let (parsed, problems) = data.withUnsafeBytes {
            CSVParser.parse($0.assumingMemoryBound(to: UInt8.self), fileName: fileName, limits: limits)
        }
        self.parsed = parsed
        self.problems = problems + CSVParser.controlCharacterProblems(parsed)
    }

    /// Reads a table from a file, checking its size before reading it. A file that cannot
    /// be read gives a table with no rows and a problem saying why; the path as given
    /// names the file in problems.
    public init(contentsOfFile path: String, limits: Limits = Limits()) {
        func unreadable(_ message: String) -> CSVTable {
            CSVTable(parsed: .empty(fileName: path), problems: [ImportProblem(file: path, line: 1, message: message)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            self = unreadable("file not found")
            return
        }
        guard !isDirectory.boolValue else {
            self = unreadable("is a directory, not a CSV file")
            return
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > limits.maxFileBytes {
            self = unreadable(CSVParser.tooLarge(size, limits))
            return
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            self.init(fileName: path, data: data, limits: limits)
        } catch {
            self = unreadable("cannot be read: \(error.localizedDescription)")
        }
    }

    private init(parsed: Parsed, problems: [ImportProblem]) {
        self.parsed = parsed
        self.problems = problems
    }

    /// The index of a column, matching the name case-insensitively and ignoring
    /// surrounding spaces; `nil` when the header does not name it.
    public func columnIndex(_ name: String) -> Int? {
        parsed.columnIndex[CSVTable.key(name)]
    }

    /// Checks the header against the columns the importer knows: each `required` column
    /// missing from the header is a problem, and so is each header column that is neither
    /// required nor `optional` (a misspelt column must not be silently ignored).
    /// Names match case-insensitively. Call it once before ``decodeRows(_:)``.
    public mutating func requireHeaders(_ required: [String], optional: [String] = []) {
        headersChecked = true
        guard !header.isEmpty else { return }  // no header row: already a problem
        for name in required where columnIndex(name) == nil {
            problems.append(.missingColumn(file: fileName, line: headerLine, column: name))
        }
        let known = Set((required + optional).map(CSVTable.key))
        let expected = (required + optional).joined(separator: ", ")
        for name in header where !name.isEmpty && !known.contains(CSVTable.key(name)) {
            problems.append(ImportProblem(file: fileName, line: headerLine, column: name,
                                          message: "unknown column; expected only: \(expected)"))
        }
    }

    /// Reads every row with `decode` and returns the records, or throws every problem of
    /// the file and its rows.
    ///
    /// `decode` reads a row's values through ``CSVRow``'s accessors, which record problems
    /// instead of throwing, and returns `nil` when the row cannot make a record. Read all
    /// values before the `guard` that unwraps them, so every bad value of the row is
    /// reported, not just the first. Records come back only when the whole file is clean
    /// (all or nothing). A row for which `decode` returns `nil` without any problem is
    /// itself reported, so no row is ever dropped silently.
    ///
    /// - Precondition: ``requireHeaders(_:optional:)`` was called.
    public func decodeRows<Record>(_ decode: (inout CSVRow) -> Record?) throws(ImportError) -> [Record] {
        let (records, problems) = decodeRowsKeepingProblems(decode)
        guard problems.isEmpty else { throw ImportError(problems) }
        return records
    }

    /// ``decodeRows(_:)`` without throwing: the records of the clean rows and every
    /// problem, for an importer that checks those records against the database too
    /// before it reports all problems at once.
    public func decodeRowsKeepingProblems<Record>(_ decode: (inout CSVRow) -> Record?) -> (records: [Record], problems: [ImportProblem]) {
        precondition(headersChecked, "call requireHeaders(_:optional:) before decodeRows(_:) so unknown columns are reported")
        var records: [Record] = []
        records.reserveCapacity(count)
        var all = problems
        for var row in self {
            let record = decode(&row)
            if !row.problems.isEmpty {
                all += row.problems
            } else if let record {
                records.append(record)
            } else {
                all.append(ImportProblem(file: fileName, line: row.line, message: "row was not imported (the importer gave no reason)"))
            }
        }
        return (records, all)
    }

    /// The key a header name is matched by.
    static func key(_ name: String) -> String {
        let utf8 = name.utf8
        let plain = utf8.first != 0x20 && utf8.first != 0x09 && utf8.last != 0x20 && utf8.last != 0x09
            && !utf8.contains { (0x41...0x5A).contains($0) || $0 >= 0x80 }
        if plain { return name }  // the common case: already a lower-case ASCII key
        return String(decoding: CSVParser.trimmed(Array(name.utf8)[...]), as: UTF8.self).lowercased()
    }
}

extension CSVTable: RandomAccessCollection {
    /// The position of the first row.
    public var startIndex: Int { 0 }
    /// The position after the last row.
    public var endIndex: Int { parsed.lines.count }

    /// The data row at a position (rows left out for problems are not counted).
    public subscript(position: Int) -> CSVRow {
        precondition(indices.contains(position), "row index out of range")
        return CSVRow(parsed: parsed, index: position)
    }
}

/// The byte-level reader behind ``CSVTable``.
enum CSVParser {
    /// A problem for each field (at most ``maxEncodingProblems``, then one saying how many
    /// more) holding a control character no text field takes (``ControlCharacters``),
    /// at the row's line and the field's column: one linear pass over the fields' bytes.
    static func controlCharacterProblems(_ parsed: CSVTable.Parsed) -> [ImportProblem] {
        let width = parsed.header.count
        guard width > 0 else { return [] }
        var found: [ImportProblem] = []
        var more = 0
        parsed.bytes.withUnsafeBufferPointer { bytes in
            var field = 0
            var index = 0
            while index < bytes.count {
                while index >= parsed.bounds[field + 1] { field += 1 }
                if let scalar = ControlCharacters.refused(inUTF8: bytes, at: index) {
                    if found.count < maxEncodingProblems {
                        found.append(ImportProblem(file: parsed.fileName, line: parsed.lines[field / width], column: parsed.header[field % width],
                                                   message: ControlCharacters.problem(for: scalar)))
                    } else {
                        more += 1
                    }
                    index = parsed.bounds[field + 1]
                    continue
                }
                index += 1
            }
        }
        if more > 0, let last = found.last {
            found.append(ImportProblem(file: parsed.fileName, line: last.line, message: "and \(more) more fields hold control characters"))
        }
        return found
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    /// Lines with invalid UTF-8 reported one by one before a summary.
    private static let maxEncodingProblems = 10

    static func tooLarge(_ size: Int, _ limits: CSVTable.Limits) -> String {
        "file is \(size) bytes, more than the limit of \(limits.maxFileBytes) bytes; split it into smaller files"
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return bytes[start..<end]
    }

    static func parse(
        _ p: UnsafeBufferPointer<UInt8>, fileName: String, limits: CSVTable.Limits
    ) -> (CSVTable.Parsed, [ImportProblem]) {
        var problems: [ImportProblem] = []
        func problem(_ line: Int, _ column: String?, _ message: String) {
            problems.append(ImportProblem(file: fileName, line: line, column: column, message: message))
        }
        let n = p.count
        guard n <= limits.maxFileBytes else {
            problem(1, nil, tooLarge(n, limits))
            return (.empty(fileName: fileName), problems)
        }
        var i = 0
        if n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF {
            i = 3
        } else if n >= 2, (p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF) {
            problem(1, nil, "file is UTF-16; save it as UTF-8 (in Excel: \"CSV UTF-8\")")
            return (.empty(fileName: fileName), problems)
        }
        let badLines = invalidUTF8Lines(p, from: i)
        if !badLines.isEmpty {
            for line in badLines.prefix(maxEncodingProblems) {
                problem(line, nil, "line is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\")")
            }
            if badLines.count > maxEncodingProblems {
                problem(badLines[maxEncodingProblems], nil,
                        "and \(badLines.count - maxEncodingProblems) more lines are not valid UTF-8")
            }
            return (.empty(fileName: fileName), problems)
        }

        var out: [UInt8] = []
        out.reserveCapacity(n - i)
        var bounds: [Int] = [0]
        bounds.reserveCapacity(n / 8 + 2)
        var lines: [Int] = []
        var header: [String]? = nil
        var headerLine = 1
        var columnIndex: [String: Int] = [:]
        var width = 0
        var line = 1

        while i < n {
            let recordLine = line
            let outMark = out.count
            let boundsMark = bounds.count
            var field = 0
            var reported = false  // one syntax problem per row is enough
            var hasContent = false
            func report(_ line: Int, _ message: String) {
                guard !reported else { return }
                reported = true
                let column = header.flatMap { field < $0.count ? $0[field] : nil }
                problem(line, column?.isEmpty == true ? nil : column, message)
            }

            fields: while true {
                let fieldStart = out.count
                let fieldLine = line
                var quoted = false
                if i < n, p[i] == quote {
                    quoted = true
                    hasContent = true
                    i += 1
                    var run = i
                    var closed = false
                    while i < n {
                        let b = p[i]
                        if b == quote {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<i]))
                            if i + 1 < n, p[i + 1] == quote {
                                out.append(quote)
                                i += 2
                                run = i
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        if b == lf { line += 1 }
                        i += 1
                    }
                    if !closed {
                        report(fieldLine, "quoted field is never closed; add the closing quote (\")")
                        break fields
                    }
                }
                // An unquoted field, or what follows a closing quote (which must be nothing).
                let run = i
                while i < n {
                    let b = p[i]
                    if b > comma { i += 1; continue }  // the common case: no special byte
                    if b == comma || b == lf { break }
                    if b == cr {
                        if i + 1 < n, p[i + 1] == lf { break }
                        if !quoted {
                            report(line, "carriage return (CR) without a line feed; save the file with LF or CRLF line endings")
                        }
                    } else if b == quote, !quoted {
                        report(line, "quote (\") inside an unquoted field; enclose the whole value in quotes and write a quote inside it as \"\"")
                    }
                    i += 1
                }
                if i > run {
                    if quoted {
                        report(line, "text after the closing quote; a quoted value must end at a comma or the end of the line (write a quote inside it as \"\")")
                    }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: p[run..<i]))
                    hasContent = true
                }
                if out.count - fieldStart > limits.maxFieldBytes {
                    report(fieldLine, "field is longer than \(limits.maxFieldBytes) bytes; is a closing quote missing?")
                }
                bounds.append(out.count)
                field += 1
                guard i < n else { break fields }
                if p[i] == comma {
                    i += 1
                    continue fields
                }
                i += p[i] == cr ? 2 : 1  // LF or CRLF
                line += 1
                break fields
            }

            let fieldCount = bounds.count - boundsMark
            if !hasContent && !reported {
                out.removeLast(out.count - outMark)
                bounds.removeLast(bounds.count - boundsMark)  // a blank line, or nothing but commas
            } else if header == nil {
                var names: [String] = []
                var index: [String: Int] = [:]
                for k in 0..<fieldCount {
                    let bytes = trimmed(out[bounds[boundsMark + k - 1]..<bounds[boundsMark + k]])
                    let name = String(decoding: bytes, as: UTF8.self)
                    if name.isEmpty {
                        problem(recordLine, nil, "column \(k + 1) of the header has no name; name it or delete the column")
                    } else if index[name.lowercased()] != nil {
                        problem(recordLine, name, "column appears more than once in the header")
                    } else {
                        index[name.lowercased()] = k
                    }
                    names.append(name)
                }
                header = names
                headerLine = recordLine
                width = fieldCount
                out.removeLast(out.count - outMark)
                bounds.removeLast(bounds.count - boundsMark)
                columnIndex = index
            } else if reported {
                out.removeLast(out.count - outMark)
                bounds.removeLast(bounds.count - boundsMark)
            } else if fieldCount != width {
                let message = fieldCount > width
                    ? "row has \(fieldCount) fields but the header has \(width) columns; enclose values that contain a comma in quotes"
                    : "row has \(fieldCount) fields but the header has \(width) columns; every row needs a value (possibly empty) for each column"
                problem(recordLine, nil, message)
                out.removeLast(out.count - outMark)
                bounds.removeLast(bounds.count - boundsMark)
            } else {
                lines.append(recordLine)
            }
        }
        if header == nil {
            problem(1, nil, "file is empty; expected a header row naming the columns")
        }
        let parsed = CSVTable.Parsed(
            fileName: fileName, header: header ?? [], headerLine: headerLine, columnIndex: columnIndex,
            bytes: out, bounds: bounds, lines: lines)
        return (parsed, problems)
    }

    /// The lines (1-based) holding bytes that are not UTF-8.
    static func invalidUTF8Lines(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> [Int] {
        var bad: [Int] = []
        var line = 1
        var i = start
        let n = p.count
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if b == lf { line += 1 }
                i += 1
                continue
            }
            var need = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; high = 0x9F
            case 0xF0: need = 3; low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; high = 0x8F
            default: need = 0
            }
            var valid = need > 0 && i + need < n && (low...high).contains(p[i + 1])
            if valid, need > 1 {
                for k in 2...need where !(0x80...0xBF).contains(p[i + k]) { valid = false }
            }
            if valid {
                i += need + 1
            } else {
                bad.append(line)
                while i < n, p[i] != lf { i += 1 }  // one problem per line
            }
        }
        return bad
    }
}
