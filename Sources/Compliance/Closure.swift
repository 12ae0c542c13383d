/// Days on which an office is closed although they are not legal holidays: a federal
/// closure by executive order (e.g. 2025-12-24), or a tenant's own closure. Data, not code.
public struct Closure: Hashable, Sendable, Codable {
    /// First closed day.
    public let first: CivilDate
    /// Last closed day (inclusive).
    public let last: CivilDate
    /// Why, for operators (e.g. "Executive Order 14xxx").
    public let reason: String

    /// A closed period; `last` may equal `first` for a single day.
    ///
    /// - Throws: ``CalendarError`` when `last` is before `first`.
    public init(first: CivilDate, last: CivilDate? = nil, reason: String = "") throws(CalendarError) {
        let last = last ?? first
        guard first <= last else { throw .reversedRange(first, last) }
        self.first = first
        self.last = last
        self.reason = reason
    }

    /// Whether `date` is in the closed period.
    public func contains(_ date: CivilDate) -> Bool { first <= date && date <= last }
}

/// A period during which E-Verify was unavailable. The 3-day and TNC clocks pause during
/// it; USCIS may publish a catch-up date by which cases delayed by it must be created
/// (e.g. outage 2025-10-01…08, catch-up 2025-10-14; e-verify.gov "E-Verify resumes
/// operation").
public struct EVerifyOutage: Hashable, Sendable, Codable {
    public let first: CivilDate
    public let last: CivilDate
    /// The published catch-up deadline, if any.
    public let catchUpDate: CivilDate?

    /// - Throws: ``CalendarError`` when `last` is before `first`.
    public init(first: CivilDate, last: CivilDate, catchUpDate: CivilDate? = nil) throws(CalendarError) {
        guard first <= last else { throw .reversedRange(first, last) }
        self.first = first
        self.last = last
        self.catchUpDate = catchUpDate
    }

    /// Whether the outage overlaps the days `from…through`.
    public func overlaps(from: CivilDate, through: CivilDate) -> Bool {
        first <= through && from <= last
    }
}

/// The calendar data a caller passes in (from the database): closures and outages.
public struct CalendarData: Hashable, Sendable, Codable {
    /// Federal closures that are not legal holidays (close the federal working-day calendar).
    public var federalClosures: [Closure]
    /// The tenant's own closures (close the tenant's operating-day calendar).
    public var tenantClosures: [Closure]
    /// Recorded E-Verify outages.
    public var eVerifyOutages: [EVerifyOutage]

    public init(federalClosures: [Closure] = [], tenantClosures: [Closure] = [], eVerifyOutages: [EVerifyOutage] = []) {
        self.federalClosures = federalClosures
        self.tenantClosures = tenantClosures
        self.eVerifyOutages = eVerifyOutages
    }
}
