import Foundation

extension ReminderPlan {
    /// The reminders of `obligation` under this plan, in send order.
    ///
    /// - Parameters:
    ///   - createdAt: when the obligation was created; the ``ReminderStage/created`` stage is
    ///     sent then, and earlier stages that would fall before it are dropped. Nil: no
    ///     creation stage, nothing dropped.
    ///   - sendTime: the tenant's local send hour and zone.
    public func reminders(
        for obligation: Obligation, createdAt: Date?, sendTime: LocalSendTime, within window: ClosedRange<CivilDate>? = nil
    ) -> [ScheduledReminder] {
        var result: [ScheduledReminder] = []
        if onCreation, let createdAt {
            let day = createdAt.timeIntervalSince1970 + Double(sendTime.timeZone.secondsFromGMT(for: createdAt))
            let date = CivilDate(dayNumber: Int32((day / 86_400).rounded(.down)))
            if window?.contains(date) ?? true { result.append(reminder(.created, obligation, date, createdAt)) }
        }
        for stage in stages() {
            let date = obligation.dueDate.adding(days: stage.offsetDays ?? 0)
            if let window, !window.contains(date) { continue }
            let instant = sendTime.instant(on: date)
            if let createdAt, instant < createdAt { continue }
            result.append(reminder(stage, obligation, date, instant))
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

    private func reminder(_ stage: ReminderStage, _ obligation: Obligation, _ date: CivilDate, _ instant: Date) -> ScheduledReminder {
        var recipients: [RecipientRole] = [.responsible]
        if case .overdue(let days) = stage, let threshold = escalateAfterDays, days >= threshold {
            recipients.append(.agencyOperator)
        }
        let key = obligation.sourceKey + "@" + obligation.dueDate.description + "#" + stage.key
        return ScheduledReminder(stage: stage, sendDate: date, sendAt: instant, recipients: recipients, key: key)
    }
}
