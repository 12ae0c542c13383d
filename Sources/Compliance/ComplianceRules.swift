import Foundation

/// The rules of one tenant: its validated settings and its calendars. Every method is a
/// pure function from source records to ``Obligation`` values.
///
/// Build one per tenant (building precomputes the calendars, a few milliseconds) and reuse
/// it; it is a `Sendable` value.
public struct ComplianceRules: Sendable {
    public let settings: ComplianceSettings
    public let calendars: ComplianceCalendars

    /// Validates `settings` and builds the calendars from them and `calendarData`.
    ///
    /// - Throws: ``SettingsError`` naming the first bad setting.
    public init(settings: ComplianceSettings = ComplianceSettings(), calendarData: CalendarData = CalendarData()) throws(SettingsError) {
        try settings.validate()
        self.settings = settings
        self.calendars = ComplianceCalendars(operatingWeekdays: settings.operatingWeekdays, employerHolidays: settings.employerHolidays,
                                             data: calendarData)
    }

    /// The tenant's send time for reminders (its zone and send hour).
    public func sendTime() throws(SettingsError) -> LocalSendTime {
        try LocalSendTime(timeZone: settings.timeZone, hour: settings.sendHour)
    }

    /// `n` business days after `date` on `calendar`, as a rule error when out of range.
    func step(_ calendar: BusinessCalendar, _ n: Int, after date: CivilDate) throws(RuleError) -> CivilDate {
        do {
            return try calendar.adding(n, businessDaysTo: date)
        } catch {
            throw .calendar(error)
        }
    }

    /// The "three-day rule": the 3rd business day after `start` (start not counted), or
    /// the 3rd counting `start` as day 1 when the tenant sets `countStartDay`.
    func thirdBusinessDay(after start: CivilDate, on calendar: BusinessCalendar) throws(RuleError) -> CivilDate {
        let n = settings.countStartDay && calendar.isBusinessDay(start) ? 2 : 3
        return try step(calendar, n, after: start)
    }
}

extension ComplianceRules {
    /// The reminders of `obligation` under the tenant's plan for its kind (its override or
    /// the default), at the tenant's send hour in its zone.
    ///
    /// - Parameter createdAt: when the obligation was created (see
    ///   ``ReminderPlan/reminders(for:createdAt:sendTime:within:ladder:)``).
    /// - Parameter window: when given, only the reminders whose send date falls in it
    ///   are computed (the agenda's window).
    public func reminders(
        for obligation: Obligation, createdAt: Date?, within window: ClosedRange<CivilDate>? = nil
    ) throws(SettingsError) -> [ScheduledReminder] {
        settings.reminderPlan(for: obligation.kind)
            .reminders(for: obligation, createdAt: createdAt, sendTime: try sendTime(), within: window, ladder: settings.escalation)
    }
}
