/// A calendar day with no time of day and no time zone, e.g. a start date or a due date.
///
/// Stored as the number of days since 1970-01-01 (proleptic Gregorian calendar), so
/// comparing and adding days are integer operations. Dates built from input
/// (`init(year:month:day:)`, `init(iso:)`) must fall in ``supportedYears``; arithmetic may
/// step outside it (e.g. a retention end in 2201), and calendars that need holidays report
/// such dates with a ``CalendarError``.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (day 0).
    public let dayNumber: Int32

    /// The years for which dates can be built from input and federal holidays are known.
    public static let supportedYears: ClosedRange<Int> = 1971...2200

    /// Wraps a day number (days since 1970-01-01) without range checks.
    public init(dayNumber: Int32) {
        self.dayNumber = dayNumber
    }

    /// Builds a date, checking that the day exists and the year is in ``supportedYears``.
    public init(year: Int, month: Int, day: Int) throws(CivilDateError) {
        let text = CivilDate.format(year: year, month: month, day: day)
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else {
            throw .nonexistent(text)
        }
        guard CivilDate.supportedYears.contains(year) else { throw .outOfRange(text) }
        self.init(dayNumber: Int32(CivilDate.daysFromCivil(year: year, month: month, day: day)))
    }

    /// Builds a date without checking the supported range (the day must exist).
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.init(dayNumber: Int32(CivilDate.daysFromCivil(year: year, month: month, day: day)))
    }

    /// The year, month (1–12) and day (1–31).
    public var components: (year: Int, month: Int, day: Int) {
        CivilDate.civilFromDays(Int(dayNumber))
    }

    /// The year of this date.
    public var year: Int { components.year }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO 4).
        let iso = ((Int(dayNumber) + 3) % 7 + 7) % 7 + 1
        return Weekday.fromISO(iso)
    }

    /// This date moved by a number of calendar days (negative moves back).
    public func adding(days: Int) -> CivilDate {
        CivilDate(dayNumber: dayNumber + Int32(days))
    }

    /// Calendar days from this date to `other` (negative when `other` is earlier).
    public func days(to other: CivilDate) -> Int {
        Int(other.dayNumber) - Int(dayNumber)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        lhs.dayNumber < rhs.dayNumber
    }

    /// ISO 8601 `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        return CivilDate.format(year: y, month: m, day: d)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension CivilDate {
    /// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number (inverse of ``daysFromCivil(year:month:day:)``).
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func format(year: Int, month: Int, day: Int) -> String {
        guard (0...9999).contains(year) else { return String(year) + "-" + pad(month, 2) + "-" + pad(day, 2) }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            let zero = UInt8(ascii: "0")
            buffer[0] = zero + UInt8(year / 1000)
            buffer[1] = zero + UInt8(year / 100 % 10)
            buffer[2] = zero + UInt8(year / 10 % 10)
            buffer[3] = zero + UInt8(year % 10)
            buffer[4] = UInt8(ascii: "-")
            buffer[5] = zero + UInt8(month / 10)
            buffer[6] = zero + UInt8(month % 10)
            buffer[7] = UInt8(ascii: "-")
            buffer[8] = zero + UInt8(day / 10)
            buffer[9] = zero + UInt8(day % 10)
            return 10
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
