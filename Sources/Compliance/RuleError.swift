/// Source records that the rules cannot turn into deadlines.
public struct RuleError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case dateBeforeStart(field: String, date: CivilDate, start: CivilDate)
        case dateOrder(later: String, earlier: String)
        case invalidJobLength(Int)
        case documents(String, field: String)
        case missingSetting(String)
        case calendar(CalendarError)
    }

    private let reason: Reason

    /// A date (termination, expiry …) lies before the date it must follow.
    public static func dateBeforeStart(_ field: String, _ date: CivilDate, start: CivilDate) -> Self {
        Self(reason: .dateBeforeStart(field: field, date: date, start: start))
    }
    /// Two event dates are in the wrong order (e.g. a TNC referral before the TNC).
    public static func dateOrder(later: String, earlier: String) -> Self {
        Self(reason: .dateOrder(later: later, earlier: earlier))
    }
    /// The expected job length is not a positive number of business days.
    public static func invalidJobLength(_ days: Int) -> Self { Self(reason: .invalidJobLength(days)) }
    /// The documents or receipt recorded cannot stand as they are (an expired document,
    /// a receipt for a short job, a List A document with List B or C …); the message
    /// names the rule.
    public static func documents(_ problem: String, field: String) -> Self { Self(reason: .documents(problem, field: field)) }

    /// The record field at fault, where the error names one (a CSV column, an API key).
    public var field: String? {
        if case .documents(_, let field) = reason { field } else { nil }
    }
    /// A rule needs a tenant setting that is not set.
    public static func missingSetting(_ name: String) -> Self { Self(reason: .missingSetting(name)) }
    /// A business-day count left the known calendar.
    public static func calendar(_ error: CalendarError) -> Self { Self(reason: .calendar(error)) }

    public var description: String {
        switch reason {
        case .dateBeforeStart(let field, let date, let start):
            "\(field) \(date) is before the start date \(start); check both dates"
        case .dateOrder(let later, let earlier):
            "\(later) is before \(earlier); check both dates"
        case .invalidJobLength(let days):
            "job length \(days) must be at least 1 business day"
        case .documents(let problem, _):
            problem
        case .missingSetting(let name):
            "the setting \(name) is needed for this deadline; set it for the tenant"
        case .calendar(let error):
            error.description
        }
    }
}
