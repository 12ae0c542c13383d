import Compliance

/// The documents the year's hires presented, counted by the status attested in
/// Section 1 (no names), and the patterns DOJ IER looks for in them: documents that
/// follow citizenship suggest that employees were asked for particular documents
/// (8 U.S.C. 1324b(a)(6)). A prompt for review, never a verdict.
struct DocumentPatterns {
    let hires: [HireFacts]

    /// The statuses as rows, in Section 1's order, then "not recorded".
    private static let statuses: [(String?, String)] = CitizenshipStatus.allCases.map { ($0.rawValue, $0.title) } + [(nil, "Not recorded")]
    /// The document combinations as columns.
    private static let combinations: [(String, String)] = [("a", "List A"), ("bc", "List B and C"), ("other", "Other or partial"), ("", "None recorded")]

    /// One row per status with at least one hire: the count of each combination.
    var table: ReportTable {
        let rows = Self.statuses.compactMap { status, title -> [String]? in
            let group = hires.filter { $0.citizenship == status }
            guard !group.isEmpty else { return nil }
            return [title] + Self.combinations.map { key, _ in String(group.filter { Self.combination($0) == key }.count) }
        }
        return ReportTable(columns: ["Status attested in Section 1"] + Self.combinations.map(\.1), rows: rows)
    }

    /// The patterns found: every non-citizen presented List A while every citizen
    /// presented List B and C (at least two in each group), or the reverse.
    var flags: [String] {
        let citizens = hires.filter { $0.citizenship == "citizen" || $0.citizenship == "national" }.map(Self.combination).filter { !$0.isEmpty }
        let others = hires.filter { $0.citizenship == "permanent_resident" || $0.citizenship == "alien_authorized" }
            .map(Self.combination).filter { !$0.isEmpty }
        guard citizens.count >= 2, others.count >= 2 else { return [] }
        for (theirs, ours) in [("a", "bc"), ("bc", "a")] where others.allSatisfy({ $0 == theirs }) && citizens.allSatisfy({ $0 == ours }) {
            return ["Every one of the \(others.count) noncitizens presented \(Self.name(theirs)) while every one of the \(citizens.count) "
                    + "citizens and nationals presented \(Self.name(ours)): documents that follow citizenship suggest particular documents "
                    + "were asked for (8 U.S.C. 1324b(a)(6)); review how the employee's choice of documents is explained. A prompt, not a verdict."]
        }
        return []
    }

    private static func combination(_ hire: HireFacts) -> String {
        switch hire.documentLists {
        case "a", "bc", "": hire.documentLists
        default: "other"
        }
    }

    private static func name(_ combination: String) -> String {
        combinations.first { $0.0 == combination }?.1 ?? combination
    }
}
