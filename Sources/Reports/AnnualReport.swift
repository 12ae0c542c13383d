import Compliance

/// The annual IMAGE report of one tenant: for each best practice what the year's
/// records show, and every exception to act on before the report goes to ICE.
///
/// A plain value: built from ``AnnualReportFacts`` by ``init(facts:)``, rendered by
/// ``ReportFormat``, encoded as the JSON format. Deterministic: the same facts give the
/// same report, byte for byte, in every format.
public struct AnnualReport: Sendable, Equatable, Codable {
    public var tenant: ReportTenant
    public var year: Int
    /// The records are read as of this day.
    public var asOf: CivilDate
    /// When the report of the year is due to ICE.
    public var dueOn: CivilDate?
    public var submission: ReportSubmission?
    /// One per best practice, in the order of ``ReportSection/ID``.
    public var sections: [ReportSection]
    /// New hires and on-time E-Verify cases per month (12 entries).
    public var months: [MonthFigures]
    /// Resolved versus open items per section.
    public var items: [ItemStatus]
    /// Every exception, by section, date and subject.
    public var exceptions: [ReportException]

    enum CodingKeys: String, CodingKey {
        case tenant, year, submission, sections, months, items, exceptions
        case asOf = "as_of"
        case dueOn = "due_on"
    }

    public init(tenant: ReportTenant, year: Int, asOf: CivilDate, dueOn: CivilDate?, submission: ReportSubmission?,
                sections: [ReportSection], months: [MonthFigures], items: [ItemStatus], exceptions: [ReportException]) {
        self.tenant = tenant
        self.year = year
        self.asOf = asOf
        self.dueOn = dueOn
        self.submission = submission
        self.sections = sections
        self.months = months
        self.items = items
        self.exceptions = exceptions
    }

    /// The exceptions of one section.
    public func exceptions(in section: String) -> [ReportException] {
        exceptions.filter { $0.section == section }
    }
}

/// What the records show for one IMAGE best practice.
public struct ReportSection: Sendable, Equatable, Codable {
    /// The sections, in report order.
    public enum ID: String, CaseIterable, Sendable {
        case everify, tnc, i9, training, audit, nomatch, tips, selfreports, policies, network, report
    }

    /// One of ``ID``'s raw values.
    public var id: String
    public var title: String
    /// The IMAGE best practice, as ICE words it.
    public var practice: String
    public var figures: [Figure]
    /// Labelled facts that are not counts (an auditor, a date, findings).
    public var details: [Detail]
    /// The section's records, one row each (empty when it lists none).
    public var table: ReportTable

    public init(id: ID, title: String, practice: String, figures: [Figure] = [], details: [Detail] = [], table: ReportTable = ReportTable()) {
        self.id = id.rawValue
        self.title = title
        self.practice = practice
        self.figures = figures
        self.details = details
        self.table = table
    }
}

/// A count, optionally as a share of a total ("12 of 14").
public struct Figure: Sendable, Equatable, Codable {
    /// A stable name, e.g. `everify_on_time`.
    public var key: String
    public var label: String
    public var count: Int
    public var outOf: Int?

    public init(_ key: String, _ label: String, _ count: Int, outOf: Int? = nil) {
        self.key = key
        self.label = label
        self.count = count
        self.outOf = outOf
    }

    enum CodingKeys: String, CodingKey {
        case key, label, count
        case outOf = "out_of"
    }

    /// `12`, or `12 of 14 (86%)`; a share of nothing reads `0 of 0`.
    public var text: String {
        guard let outOf else { return String(count) }
        guard outOf > 0 else { return "\(count) of 0" }
        return "\(count) of \(outOf) (\(Int((Double(count) * 100 / Double(outOf)).rounded()))%)"
    }
}

/// A labelled fact.
public struct Detail: Sendable, Equatable, Codable {
    public var label: String
    public var text: String

    public init(_ label: String, _ text: String) {
        self.label = label
        self.text = text
    }
}

/// Rows of text under column headings.
public struct ReportTable: Sendable, Equatable, Codable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String] = [], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }
}

/// New hires of a month and how many had their E-Verify case opened on time.
public struct MonthFigures: Sendable, Equatable, Codable {
    /// 1–12.
    public var month: Int
    public var hires: Int
    public var onTime: Int

    public init(month: Int, hires: Int, onTime: Int) {
        self.month = month
        self.hires = hires
        self.onTime = onTime
    }

    enum CodingKeys: String, CodingKey {
        case month, hires
        case onTime = "everify_on_time"
    }
}

/// A section's items: resolved (on time or late) and open (overdue or not yet due).
public struct ItemStatus: Sendable, Equatable, Codable {
    public var section: String
    public var onTime: Int
    public var late: Int
    public var overdue: Int
    public var pending: Int

    public init(section: String, onTime: Int = 0, late: Int = 0, overdue: Int = 0, pending: Int = 0) {
        self.section = section
        self.onTime = onTime
        self.late = late
        self.overdue = overdue
        self.pending = pending
    }

    public var resolved: Int { onTime + late }
    public var open: Int { overdue + pending }

    enum CodingKeys: String, CodingKey {
        case section, late, overdue, pending
        case onTime = "on_time"
    }
}

/// Something the tenant should act on (or explain) before sending the report.
public struct ReportException: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Done, but after its due date.
        case late
        /// Not done, and its due date has passed.
        case overdue
        /// A fact the practice does not allow (no E-Verify, an untrained preparer, a missing policy).
        case flagged
    }

    /// The section's id.
    public var section: String
    /// An obligation kind (`i9_section2`) or a flag (`no_case_without_reason`, `document_pattern`, `training_not_current`, `policy_missing` …).
    public var rule: String
    public var status: Status
    /// `kind/id` of the record, e.g. `hire/E-1`, `tip/T-3`.
    public var subject: String
    /// The employee concerned, when there is one.
    public var employeeID: String?
    /// The due date, or the day of the flagged fact.
    public var date: CivilDate
    public var detail: String

    public init(section: ReportSection.ID, rule: String, status: Status, subject: String, employeeID: String?, date: CivilDate, detail: String) {
        self.section = section.rawValue
        self.rule = rule
        self.status = status
        self.subject = subject
        self.employeeID = employeeID
        self.date = date
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case section, rule, status, subject, date, detail
        case employeeID = "employee_id"
    }
}
