/// One federal holiday in one year: its legal date and the day federal offices close.
public struct HolidayOccurrence: Hashable, Sendable, Codable {
    public let holiday: FederalHoliday
    /// The date the statute names.
    public let legalDate: CivilDate
    /// The day off: a Saturday holiday is observed on the Friday before, a Sunday holiday
    /// on the Monday after (5 U.S.C. 6103(b); Executive Order 11582). A Saturday Jan 1 is
    /// therefore observed on Dec 31 of the year before.
    public let observedDate: CivilDate

    /// Pairs a holiday with its legal date and derives the observed date.
    public init(holiday: FederalHoliday, legalDate: CivilDate) {
        self.holiday = holiday
        self.legalDate = legalDate
        switch legalDate.weekday {
        case .saturday: observedDate = legalDate.adding(days: -1)
        case .sunday: observedDate = legalDate.adding(days: 1)
        default: observedDate = legalDate
        }
    }
}
