import Foundation

extension ReminderPlan {
    /// The reminders of `obligation` under this plan, in send order.
    ///
    /// - Parameters:
    ///   - createdAt: when the obligation was created; the ``ReminderStage/created`` stage is
    ///     sent then, and earlier stages that would fall before it are dropped. Nil: no
    ///     creation stage, nothing dropped.
    ///   - sendTime: the tenant's local send hour and zone.
    ///   - ladder: who receives each stage.
    public func reminders(
        for obligation: Obligation, createdAt: Date?, sendTime: LocalSendTime, within window: ClosedRange<CivilDate>? = nil,
        ladder: EscalationLadder = EscalationLadder()
    ) -> [ScheduledReminder] {
        var result: [ScheduledReminder] = []
        if onCreation, let createdAt {
            let day = createdAt.timeIntervalSince1970 + Double(sendTime.timeZone.secondsFromGMT(for: createdAt))
            let date = CivilDate(dayNumber: Int32((day / 86_400).rounded(.down)))
            if window?.contains(date) ?? true { result.append(reminder(.created, overdueStage: 0, obligation, date, createdAt, ladder)) }
        }
        var overdueStage = 0
        for stage in stages() {
            if case .overdue = stage { overdueStage += 1 }
            let date = obligation.dueDate.adding(days: stage.offsetDays ?? 0)
            if let window, !window.contains(date) { continue }
            let instant = sendTime.instant(on: date)
            if let createdAt, instant < createdAt { continue }
            result.append(reminder(stage, overdueStage: overdueStage, obligation, date, instant, ladder))
        }
        return result
    }

    /// The dated stages (before, due, overdue), in order, without duplicates.
    public func stages() -> [ReminderStage] {
        var stages = Set(daysBefore.filter { $0 > 0 }.map { ReminderStage.before(days: $0) })
        if onDueDay { stages.insert(.due) }
        if overdueEveryDays > 0 {
            for n in stride(from: 1, through: overdueRepeats, by: 1) { stages.insert(.overdue(days: n * overdueEveryDays)) }
        }
        if let days = escalateAfterDays, days > 0, overdueEveryDays > 0 { stages.insert(.overdue(days: days)) }
        return stages.sorted()
    }

    private func reminder(_ stage: ReminderStage, overdueStage: Int, _ obligation: Obligation, _ date: CivilDate, _ instant: Date,
                          _ ladder: EscalationLadder) -> ScheduledReminder {
        var escalated = false
        if case .overdue(let days) = stage, let threshold = escalateAfterDays, days >= threshold { escalated = true }
        let recipients = ladder.recipients(overdueStage: overdueStage, escalated: escalated)
        let key = obligation.sourceKey + "@" + obligation.dueDate.description + "#" + stage.key
        return ScheduledReminder(stage: stage, sendDate: date, sendAt: instant, recipients: recipients, key: key)
    }
}
