/// What a reminder or digest e-mail says: filled by the daemon, rendered by
/// ``TemplateSet``.
public struct ReminderContext: Sendable, Equatable {
    /// The person the e-mail is addressed to, as in "Hello Ann Lee".
    public var recipientName: String
    /// The tenant's legal name (the client company).
    public var tenantLegalName: String
    /// One item for a single reminder, several for a digest.
    public var items: [ReminderItem]

    public init(recipientName: String, tenantLegalName: String, items: [ReminderItem]) {
        self.recipientName = recipientName
        self.tenantLegalName = tenantLegalName
        self.items = items
    }
}

/// One obligation in a reminder.
public struct ReminderItem: Sendable, Equatable {
    /// The obligation kind identifier, such as `i9_section2`; also the template name.
    public var kind: String
    /// A short title for this obligation, such as "Form I-9 Section 2 for Jane Doe".
    public var title: String
    /// What the obligation is about, such as "Jane Doe, started 2025-03-03".
    public var subjectDescription: String
    /// The due date as the recipient should read it, such as "Thursday, 6 March 2025".
    public var dueDate: String
    /// Days until the due date: positive before it, 0 on the day, negative when overdue.
    public var daysUntilDue: Int
    /// The reminder stage, such as `first_notice`, `final_notice` or `overdue`.
    public var stage: String
    /// Why this recipient receives it, such as "assigned preparer of this hire" (empty:
    /// not said).
    public var reason: String
    /// The task's page in the operators' console (empty: no link).
    public var link: String

    public init(kind: String, title: String, subjectDescription: String, dueDate: String, daysUntilDue: Int, stage: String,
                reason: String = "", link: String = "") {
        self.kind = kind
        self.title = title
        self.subjectDescription = subjectDescription
        self.dueDate = dueDate
        self.daysUntilDue = daysUntilDue
        self.stage = stage
        self.reason = reason
        self.link = link
    }
}

extension ReminderContext {
    /// The values templates see: `recipientName`, `tenantLegalName`, `itemCount`,
    /// `items` (each with `kind`, `title`, `subjectDescription`, `dueDate`, `daysUntilDue`,
    /// `daysOverdue`, `isOverdue`, `isDueToday`, `isUpcoming`, `isOneDay`, `stage`, `reason`, `link`,
    /// `kindTitle`, `instructions`, `rule`) and `item`, the first item.
    var templateValues: [String: Any] {
        ReminderTemplateValue.context.dictionary(in: self)
    }
}
