/// The business-day calendars the rules count with, built once per tenant from its
/// settings and the calendar data (closures, outages).
public struct ComplianceCalendars: Sendable {
    /// The tenant's operating days: its weekdays less the federal holidays it observes
    /// (setting `employerHolidays`) and its closures (I-9 Section 2, secondary review, tips).
    public let operating: BusinessCalendar
    /// Federal government working days: Mon–Fri less observed holidays and federal closures.
    public let federal: BusinessCalendar
    /// Operating days less E-Verify outage days (the E-Verify 3-day clock pauses).
    public let eVerifyCreation: BusinessCalendar
    /// Federal working days less E-Verify outage days (the TNC clocks pause).
    public let eVerifyTNC: BusinessCalendar
    /// The recorded outages, for catch-up dates.
    public let outages: [EVerifyOutage]

    /// Builds the four calendars: the employer's (operating, E-Verify creation) skip the
    /// holidays it observes, the federal ones (TNC clocks) every observed federal holiday.
    public init(operatingWeekdays: [Weekday], employerHolidays: EmployerHolidays = .federal, data: CalendarData) {
        let outageDays = data.eVerifyOutages.compactMap { try? Closure(first: $0.first, last: $0.last) }
        operating = .shared(weekdays: operatingWeekdays, holidays: employerHolidays, closures: data.tenantClosures)
        federal = .federal(closures: data.federalClosures)
        eVerifyCreation = .shared(weekdays: operatingWeekdays, holidays: employerHolidays, closures: data.tenantClosures + outageDays)
        eVerifyTNC = .federal(closures: data.federalClosures + outageDays)
        outages = data.eVerifyOutages
    }
}
