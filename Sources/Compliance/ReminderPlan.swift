/// When to remind about an obligation of one kind: stages before the due date, on the
/// due day and repeats while overdue. Who receives each stage is the tenant's
/// ``EscalationLadder``; a plan's `escalateAfterDays` adds the agency operator from that
/// overdue day on, whatever the ladder says.
public struct ReminderPlan: Hashable, Sendable, Codable {
    /// Send a reminder as soon as the obligation is created.
    public var onCreation: Bool
    /// Days before the due date at which to remind, e.g. `[90, 60, 30, 14, 7, 1]`.
    public var daysBefore: [Int]
    /// Remind on the due day.
    public var onDueDay: Bool
    /// Days between overdue reminders (0: no overdue reminders).
    public var overdueEveryDays: Int
    /// How many overdue reminders at most.
    public var overdueRepeats: Int
    /// Overdue days from which reminders also go to the agency operator, earlier than
    /// the escalation ladder would (nil: as the ladder says).
    public var escalateAfterDays: Int?

    public init(
        onCreation: Bool = false, daysBefore: [Int] = [], onDueDay: Bool = true,
        overdueEveryDays: Int = 0, overdueRepeats: Int = 0, escalateAfterDays: Int? = nil
    ) {
        self.onCreation = onCreation
        self.daysBefore = daysBefore
        self.onDueDay = onDueDay
        self.overdueEveryDays = overdueEveryDays
        self.overdueRepeats = overdueRepeats
        self.escalateAfterDays = escalateAfterDays
    }

    /// Annual and long-lead items: 90, 60, 30, 14, 7, 1 days before, the due day, weekly
    /// while overdue (8 times).
    public static let annual = ReminderPlan(daysBefore: [90, 60, 30, 14, 7, 1], overdueEveryDays: 7, overdueRepeats: 8)

    /// Short deadlines (Section 2, E-Verify, tips): on creation, the day before, the due
    /// day, daily while overdue (10 times).
    public static let short = ReminderPlan(onCreation: true, daysBefore: [1], overdueEveryDays: 1, overdueRepeats: 10)

    /// Windows of weeks or months (receipt rule, no-match letters, self-reports): on
    /// creation, 30, 14, 7, 1 days before, the due day, every 3 days while overdue (10
    /// times).
    public static let window = ReminderPlan(onCreation: true, daysBefore: [30, 14, 7, 1], overdueEveryDays: 3, overdueRepeats: 10)

    /// The end of I-9 retention is a permission, not a duty: 30 days before and the day.
    public static let notice = ReminderPlan(daysBefore: [30])

    /// The default plan of a kind.
    public static func defaultPlan(for kind: ObligationKind) -> ReminderPlan {
        switch kind {
        case .i9RetentionEnd: notice
        case .i9ReceiptDocument, .noMatchAcknowledge, .noMatchResolve, .selfReportCorrect, .selfReportReport: window
        default: kind.isRecurring ? annual : short
        }
    }

    /// Checks the plan; errors name `setting`.
    public func validate(setting: String) throws(SettingsError) {
        for days in daysBefore where !(1...730).contains(days) {
            throw .outOfRange(setting + ".daysBefore", value: days, allowed: 1...730)
        }
        guard (0...365).contains(overdueEveryDays) else {
            throw .outOfRange(setting + ".overdueEveryDays", value: overdueEveryDays, allowed: 0...365)
        }
        guard (0...100).contains(overdueRepeats) else {
            throw .outOfRange(setting + ".overdueRepeats", value: overdueRepeats, allowed: 0...100)
        }
        if let days = escalateAfterDays, !(0...365).contains(days) {
            throw .outOfRange(setting + ".escalateAfterDays", value: days, allowed: 0...365)
        }
    }
}
