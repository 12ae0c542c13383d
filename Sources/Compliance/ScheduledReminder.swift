import Foundation

/// One reminder to send: a stage of a plan, the instant to send it, and its recipients.
public struct ScheduledReminder: Hashable, Sendable {
    public let stage: ReminderStage
    /// The tenant-local day the reminder is for.
    public let sendDate: CivilDate
    /// The instant to send (the tenant's send hour on `sendDate`, or the creation instant).
    public let sendAt: Date
    /// Recipients, as the ``EscalationLadder`` says: always ``RecipientRole/assignee``;
    /// the contacts and the operators too once the work is overdue long enough.
    public let recipients: [RecipientRole]
    /// Stable key `sourceKey@dueDate#stage`: nothing is sent twice for one
    /// (obligation, due date, stage), and a changed due date yields new keys.
    public let key: String
}
