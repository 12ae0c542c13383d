/// Where an anniversary or a month step lands when its day does not exist in the target
/// month: Feb 29 in a non-leap year, or e.g. Mar 31 + 1 month.
///
/// The law is silent; the default is ``february28`` (stay in the month, on its last day),
/// which keeps an annual deadline no later than a true year after its base date.
public enum LeapDayRule: String, Codable, Sendable, CaseIterable {
    /// Use the last day of the target month (Feb 29 → Feb 28). The default.
    case february28 = "february_28"
    /// Use the first day of the following month (Feb 29 → Mar 1).
    case march1 = "march_1"
}

extension CivilDate {
    /// This date moved by whole months; a day that does not exist in the target month
    /// follows `rule`.
    public func adding(months: Int, rule: LeapDayRule = .february28) -> CivilDate {
        let (year, month, day) = components
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        let last = CivilDate.daysInMonth(year: newYear, month: newMonth)
        guard day > last else { return CivilDate(uncheckedYear: newYear, month: newMonth, day: day) }
        let clamped = CivilDate(uncheckedYear: newYear, month: newMonth, day: last)
        return rule == .february28 ? clamped : clamped.adding(days: 1)
    }

    /// This date moved by whole years (Feb 29 in a non-leap year follows `rule`).
    public func adding(years: Int, rule: LeapDayRule = .february28) -> CivilDate {
        adding(months: years * 12, rule: rule)
    }
}
