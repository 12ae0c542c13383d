import Compliance

/// One data row of a ``CSVTable``, read by column name.
///
/// The accessors never throw: a missing or malformed value is recorded in ``problems``
/// (located at the row's line and the column's header name) and the accessor returns
/// `nil`, so one pass over a file collects every problem. Values are trimmed of spaces
/// and tabs; an empty value is "no value". Column names match the header
/// case-insensitively.
///
/// Each typed accessor takes `required:` (default `true`): a required value that is empty
/// is a problem, an optional one is `nil`. A required column missing from the header is
/// one problem for the file (at the header line), however many rows ask for it.
///
/// Read every value before unwrapping them together, so all bad values are reported:
/// ```swift
/// let id = row.required("employee_id")
/// let start = row.date("start_date")
/// guard let id, let start else { return nil }
/// ```
public struct CSVRow: Sendable {
    let parsed: CSVTable.Parsed
    let index: Int

    /// The 1-based physical line the row starts on.
    public var line: Int { parsed.lines[index] }
    /// The problems recorded while reading this row, in the order found.
    public private(set) var problems: [ImportProblem] = []

    init(parsed: CSVTable.Parsed, index: Int) {
        self.parsed = parsed
        self.index = index
    }

    /// The text of a column, or `nil` when it is empty or the header has no such column.
    /// Never records a problem.
    public func optional(_ column: String) -> String? {
        guard let k = parsed.columnIndex[CSVTable.key(column)] else { return nil }
        let bytes = parsed.field(row: index, column: k)
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// The text of a column that must have a value; an empty value is a problem.
    public mutating func required(_ column: String) -> String? {
        text(column, required: true)
    }

    /// An ISO date `YYYY-MM-DD` (see ``CivilDate/init(iso:)``); a malformed, nonexistent or
    /// out-of-range date is a problem.
    public mutating func date(_ column: String, required: Bool = true) -> CivilDate? {
        guard let value = text(column, required: required) else { return nil }
        do {
            let date = try CivilDate(iso: value)
            if let problem = RecordRules.dateProblem(date) {
                report(problem, column: header(column))
                return nil
            }
            return date
        } catch {
            report(error.description, column: header(column))
            return nil
        }
    }

    /// A whole number (optionally signed, no separators), within `range` when given.
    public mutating func integer(_ column: String, range: ClosedRange<Int>? = nil, required: Bool = true) -> Int? {
        guard let value = text(column, required: required) else { return nil }
        guard let number = Int(value) else {
            report("'\(value)' is not a whole number", column: header(column))
            return nil
        }
        if let range, !range.contains(number) {
            report("\(number) is not between \(range.lowerBound) and \(range.upperBound)", column: header(column))
            return nil
        }
        return number
    }

    /// A yes/no value: `true`/`false`, `yes`/`no` or `1`/`0`, in any case.
    public mutating func boolean(_ column: String, required: Bool = true) -> Bool? {
        guard let value = text(column, required: required) else { return nil }
        switch value.lowercased() {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default:
            report("'\(value)' is not yes or no; write true/false, yes/no or 1/0", column: header(column))
            return nil
        }
    }

    /// One of the raw values of `Value`, matched case-insensitively; anything else is a
    /// problem listing the allowed values.
    public mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ column: String, as type: Value.Type = Value.self, required: Bool = true
    ) -> Value? where Value.RawValue == String {
        guard let value = text(column, required: required) else { return nil }
        let key = value.lowercased()
        if let match = Value.allCases.first(where: { $0.rawValue.lowercased() == key }) {
            return match
        }
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        report("'\(value)' is not one of: \(allowed)", column: header(column))
        return nil
    }

    /// A plain e-mail address `name@example.com` (checked by ``TenantValidation/email(_:)``).
    /// Line breaks and other control characters are refused too.
    public mutating func email(_ column: String, required: Bool = true) -> String? {
        guard let bytes = bytes(column, required: required) else { return nil }
        let value = String(decoding: bytes, as: UTF8.self)
        if CSVRow.isPlainEmail(bytes) { return value }  // fast path, a subset of what the check accepts
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            report("e-mail address contains a line break or control character", column: header(column))
            return nil
        }
        do {
            return try TenantValidation.email(value)
        } catch {
            report(error.message, column: header(column))
            return nil
        }
    }

    /// Records a problem found by the importer itself (e.g. dates out of order) at this
    /// row's line; `column` is the column to blame, if one is.
    public mutating func report(_ message: String, column: String? = nil) {
        problems.append(ImportProblem(file: parsed.fileName, line: line, column: column, message: message))
    }

    /// The trimmed text, `nil` when empty (a problem when `required`) or when the header
    /// lacks the column (a file-level problem when `required`).
    private mutating func text(_ column: String, required: Bool) -> String? {
        bytes(column, required: required).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The trimmed bytes of ``text(_:required:)``.
    private mutating func bytes(_ column: String, required: Bool) -> ArraySlice<UInt8>? {
        guard let k = parsed.columnIndex[CSVTable.key(column)] else {
            if required {
                problems.append(.missingColumn(file: parsed.fileName, line: parsed.headerLine, column: column))
            }
            return nil
        }
        let bytes = parsed.field(row: index, column: k)
        guard !bytes.isEmpty else {
            if required { report("a value is required", column: parsed.header[k]) }
            return nil
        }
        return bytes
    }

    /// Whether printable ASCII bytes form an address ``TenantValidation/email(_:)``
    /// accepts: one `@`, a non-empty local part, a dotted domain not starting or ending with
    /// a dot, at most 254 bytes, none of `<>,;`. Anything else goes to the full check.
    private static func isPlainEmail(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count <= 254 else { return false }
        var at: Int?
        for i in bytes.indices {
            switch bytes[i] {
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: ";"):
                return false
            case UInt8(ascii: "@"):
                guard at == nil else { return false }
                at = i
            case 0x21...0x7E:
                continue
            default:
                return false
            }
        }
        guard let at, at > bytes.startIndex else { return false }
        let domain = bytes[(at + 1)...]
        let dot = UInt8(ascii: ".")
        return domain.contains(dot) && domain.first != dot && domain.last != dot
    }

    /// The column's name as the file's header writes it.
    private func header(_ column: String) -> String {
        parsed.columnIndex[CSVTable.key(column)].map { parsed.header[$0] } ?? column
    }
}
