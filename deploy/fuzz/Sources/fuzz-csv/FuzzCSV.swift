import Compliance
import Storage

/// A choice column's values, as the importers' enums (citizenship, closure reason) are.
private enum Status: String, CaseIterable {
    case active, terminated, leave = "on leave"
}

/// Small limits, so the fuzzer reaches the "field too long" and "file too large" paths
/// with short inputs (`-max_len` is 4096 in deploy/fuzz.sh).
private let limits = CSVTable.Limits(maxFileBytes: 3_000, maxFieldBytes: 256)

/// Parses the bytes as an import file, checks the header against the hires importer's
/// columns, then decodes every row as an importer does: the importers' own column names
/// through each accessor, and every column of the file's own header through one of the
/// six typed accessors (chosen by its position), so any header the fuzzer writes is read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var table = CSVTable(fileName: "fuzz.csv", bytes: Array(UnsafeBufferPointer(start: data, count: size)), limits: limits)
    let header = table.header
    let lineCount = UnsafeBufferPointer(start: data, count: size).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    table.requireHeaders(["employee_id", "start_date"], optional: ["email", "job_days", "everify_required", "status", "name"])
    let (records, problems) = table.decodeRowsKeepingProblems { row -> [String]? in
        var values: [String?] = []
        values.append(row.required("employee_id"))
        values.append(row.date("start_date").map { "\($0)" })
        values.append(row.email("email", required: false))
        values.append(row.integer("job_days", range: 1...365, required: false).map { "\($0)" })
        values.append(row.boolean("everify_required", required: false).map { "\($0)" })
        values.append(row.choice("status", as: Status.self, required: false)?.rawValue)
        values.append(row.optional("name"))
        for (k, name) in header.enumerated() where !name.isEmpty {
            switch k % 6 {
            case 0: values.append(row.required(name))
            case 1: values.append(row.date(name, required: false).map { "\($0)" })
            case 2: values.append(row.integer(name, required: false).map { "\($0)" })
            case 3: values.append(row.boolean(name, required: false).map { "\($0)" })
            case 4: values.append(row.email(name, required: false))
            default: values.append(row.choice(name, as: Status.self, required: false)?.rawValue)
            }
        }
        precondition(row.line >= table.headerLine && row.line <= lineCount, "row line \(row.line) outside the file")
        if row.line % 7 == 0 { row.report("importer's own check", column: header.first) }
        return values.map { $0 ?? "" }
    }
    precondition(records.count <= table.count, "more records than rows")
    for problem in problems {
        precondition(problem.line >= 1 && problem.line <= lineCount + 1, "problem at line \(problem.line) of \(lineCount)")
        _ = problem.description
    }
    var previous = 0
    for row in table {
        precondition(row.line > previous, "rows out of order")
        previous = row.line
    }
    return 0
}
