/// One step of a reminder plan.
public enum ReminderStage: Hashable, Sendable, Comparable {
    /// When the obligation is created.
    case created
    /// A number of days before the due date.
    case before(days: Int)
    /// On the due date.
    case due
    /// A number of days after the due date.
    case overdue(days: Int)

    /// Stable text used in reminder keys: `created`, `before_30`, `due`, `overdue_7`.
    public var key: String {
        switch self {
        case .created: "created"
        case .before(let days): "before_" + String(days)
        case .due: "due"
        case .overdue(let days): "overdue_" + String(days)
        }
    }

    /// Days from the due date (negative before it); nil for ``created``.
    public var offsetDays: Int? {
        switch self {
        case .created: nil
        case .before(let days): -days
        case .due: 0
        case .overdue(let days): days
        }
    }

    public static func < (lhs: ReminderStage, rhs: ReminderStage) -> Bool {
        (lhs.offsetDays ?? Int.min) < (rhs.offsetDays ?? Int.min)
    }
}

/// Who receives a reminder.
public enum RecipientRole: String, Hashable, Sendable, Codable {
    /// The people responsible for the work, worked out from the records (the preparer,
    /// the reviewer, the trainee …), or the tenant's compliance contacts when nobody is.
    case assignee
    /// The tenant's compliance contacts, once the work is overdue (the escalation ladder).
    case contact
    /// The staffing agency's operator contacts (the escalation ladder's last step).
    case agencyOperator = "agency_operator"
}
