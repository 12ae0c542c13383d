/// One thing wrong with an imported file, located by file, line and (when known) column.
///
/// Its description is the line an operator reads and an editor can jump to:
/// `hires.csv:12: start_date: a value is required`, or `hires.csv:12: message` when the
/// problem is not about one column.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file name as the operator gave it.
    public let file: String
    /// The 1-based physical line in the file (a row's problems use the line the row starts on).
    public let line: Int
    /// The column's header name, or `nil` when the problem is about the row or the file.
    public let column: String?
    /// What is wrong and, where it helps, what to do about it.
    public let message: String

    /// Makes a problem.
    public init(file: String, line: Int, column: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line: column: message`, or `file:line: message` without a column.
    public var description: String {
        if let column {
            return "\(file):\(line): \(column): \(message)"
        }
        return "\(file):\(line): \(message)"
    }

    /// The problem for a column the importer needs but the header does not name. Shared by
    /// ``CSVTable/requireHeaders(_:optional:)`` and ``CSVRow`` so that it is reported once.
    static func missingColumn(file: String, line: Int, column: String) -> ImportProblem {
        ImportProblem(file: file, line: line, column: column,
                      message: "required column is missing from the header row; add it")
    }
}

/// An import refused: every problem found in the file, so one run shows them all.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, sorted by line (problems on the same line keep the order they were
    /// found in), exact duplicates removed.
    public let problems: [ImportProblem]

    /// Sorts the problems by line and removes exact duplicates (e.g. a missing column
    /// reported by both the header check and each row).
    public init(_ problems: [ImportProblem]) {
        var seen = Set<ImportProblem>()
        let unique = problems.filter { seen.insert($0).inserted }
        self.problems = unique.enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
    }

    /// Every problem on its own line, in order.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
