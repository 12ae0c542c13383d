/// US federal holidays for the supported years (1971–2200), with a precomputed bitset of
/// observed days so that a lookup is one shift and mask.
public enum FederalHolidays {
    /// The holidays of `year`, in calendar order of their legal dates.
    ///
    /// - Throws: ``CalendarError`` when `year` is outside ``CivilDate/supportedYears``.
    public static func occurrences(in year: Int) throws(CalendarError) -> [HolidayOccurrence] {
        guard CivilDate.supportedYears.contains(year) else { throw .yearOutOfRange(year) }
        return computeOccurrences(in: year)
    }

    /// Whether federal offices are closed for a holiday on `date` (observed dates).
    /// Dates outside the table (before 1970-12-31 or after 2200-12-31) answer false.
    public static func isObservedHoliday(_ date: CivilDate) -> Bool {
        let index = Int(date.dayNumber) - Int(tableStart.dayNumber)
        guard index >= 0, index < observedBits.count * 64 else { return false }
        return observedBits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    static func computeOccurrences(in year: Int) -> [HolidayOccurrence] {
        FederalHoliday.allCases.compactMap { holiday in
            holiday.legalDate(in: year).map { HolidayOccurrence(holiday: holiday, legalDate: $0) }
        }
    }

    /// First day of the bitset: 1970-01-01 (so that a Dec 31, 1970 observation would fit).
    static let tableStart = CivilDate(dayNumber: 0)

    private static let observedBits: [UInt64] = {
        let end = CivilDate(uncheckedYear: CivilDate.supportedYears.upperBound + 1, month: 1, day: 1)
        var bits = [UInt64](repeating: 0, count: Int(end.dayNumber - tableStart.dayNumber) / 64 + 1)
        for year in CivilDate.supportedYears.lowerBound...(CivilDate.supportedYears.upperBound + 1) {
            for occurrence in computeOccurrences(in: year) {
                let index = Int(occurrence.observedDate.dayNumber - tableStart.dayNumber)
                guard index >= 0, index < bits.count * 64 else { continue }
                bits[index >> 6] |= 1 << UInt64(index & 63)
            }
        }
        return bits
    }()
}
