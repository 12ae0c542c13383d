/// A legal public holiday of the United States (5 U.S.C. 6103(a)).
///
/// Raw values are stable identifiers (used in JSON output).
public enum FederalHoliday: String, CaseIterable, Codable, Sendable {
    case newYearsDay = "new_years_day"
    case martinLutherKingJrDay = "martin_luther_king_jr_day"
    case washingtonsBirthday = "washingtons_birthday"
    case memorialDay = "memorial_day"
    case juneteenth = "juneteenth"
    case independenceDay = "independence_day"
    case laborDay = "labor_day"
    case columbusDay = "columbus_day"
    case veteransDay = "veterans_day"
    case thanksgivingDay = "thanksgiving_day"
    case christmasDay = "christmas_day"

    /// The holiday's name as the statute gives it.
    public var name: String {
        switch self {
        case .newYearsDay: "New Year's Day"
        case .martinLutherKingJrDay: "Birthday of Martin Luther King, Jr."
        case .washingtonsBirthday: "Washington's Birthday"
        case .memorialDay: "Memorial Day"
        case .juneteenth: "Juneteenth National Independence Day"
        case .independenceDay: "Independence Day"
        case .laborDay: "Labor Day"
        case .columbusDay: "Columbus Day"
        case .veteransDay: "Veterans Day"
        case .thanksgivingDay: "Thanksgiving Day"
        case .christmasDay: "Christmas Day"
        }
    }

    /// The legal (not observed) date in `year`, or nil when the holiday did not exist yet.
    ///
    /// History: Uniform Monday Holiday Act (Pub. L. 90-363) from 1971; Veterans Day on the
    /// 4th Monday of October 1971–1977 and Nov 11 from 1978 (Pub. L. 94-97); Martin Luther
    /// King Jr. Day from 1986 (Pub. L. 98-144); Juneteenth from 2021 (Pub. L. 117-17).
    public func legalDate(in year: Int) -> CivilDate? {
        switch self {
        case .newYearsDay: fixed(year, 1, 1)
        case .martinLutherKingJrDay: year >= 1986 ? nth(3, .monday, year, 1) : nil
        case .washingtonsBirthday: nth(3, .monday, year, 2)
        case .memorialDay: last(.monday, year, 5)
        case .juneteenth: year >= 2021 ? fixed(year, 6, 19) : nil
        case .independenceDay: fixed(year, 7, 4)
        case .laborDay: nth(1, .monday, year, 9)
        case .columbusDay: nth(2, .monday, year, 10)
        case .veteransDay: year <= 1977 ? nth(4, .monday, year, 10) : fixed(year, 11, 11)
        case .thanksgivingDay: nth(4, .thursday, year, 11)
        case .christmasDay: fixed(year, 12, 25)
        }
    }

    private func fixed(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(uncheckedYear: year, month: month, day: day)
    }

    private func nth(_ n: Int, _ weekday: Weekday, _ year: Int, _ month: Int) -> CivilDate {
        let first = fixed(year, month, 1)
        let shift = (weekday.isoNumber - first.weekday.isoNumber + 7) % 7
        return first.adding(days: shift + 7 * (n - 1))
    }

    private func last(_ weekday: Weekday, _ year: Int, _ month: Int) -> CivilDate {
        let end = fixed(year, month, CivilDate.daysInMonth(year: year, month: month))
        return end.adding(days: -((end.weekday.isoNumber - weekday.isoNumber + 7) % 7))
    }
}
