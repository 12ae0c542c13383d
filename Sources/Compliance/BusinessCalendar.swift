/// A calendar of business days: chosen weekdays, less observed federal holidays, less
/// closures. Precomputed for 1971-01-01…2200-12-31, so that adding and counting business
/// days are a few array reads.
///
/// Counting convention: "n business days after d" never counts d itself; it is the n-th
/// business day strictly after d (USCIS: the start day is not counted).
public struct BusinessCalendar: Sendable {
    /// Cumulative business days: `running[i]` = business days in [start, start + i].
    private let running: [Int32]
    /// The business days in order, as day numbers.
    private let ordinals: [Int32]
    private let start: Int32

    /// First and last day the calendar knows.
    public static let firstDay = CivilDate(uncheckedYear: CivilDate.supportedYears.lowerBound, month: 1, day: 1)
    public static let lastDay = CivilDate(uncheckedYear: CivilDate.supportedYears.upperBound, month: 12, day: 31)

    /// Builds a calendar of `weekdays`, less the observed dates of the federal holidays
    /// in `holidays` (all of them by default), less every day in `closures`.
    public init(weekdays: some Sequence<Weekday>, holidays: EmployerHolidays = .federal, closures: [Closure] = []) {
        let open = Set(weekdays)
        let isHoliday = Self.holidayTest(holidays)
        start = BusinessCalendar.firstDay.dayNumber
        let count = Int(BusinessCalendar.lastDay.dayNumber - start) + 1
        var closed = [Bool](repeating: false, count: count)
        for closure in closures {
            let lower = max(Int(closure.first.dayNumber - start), 0)
            let upper = min(Int(closure.last.dayNumber - start), count - 1)
            if lower <= upper { for i in lower...upper { closed[i] = true } }
        }
        var running = [Int32](repeating: 0, count: count)
        var ordinals: [Int32] = []
        ordinals.reserveCapacity(count * 5 / 7 + 1)
        var total: Int32 = 0
        for i in 0..<count {
            let date = CivilDate(dayNumber: start + Int32(i))
            let isOpen = open.contains(date.weekday) && !closed[i] && !isHoliday(date)
            if isOpen {
                total += 1
                ordinals.append(date.dayNumber)
            }
            running[i] = total
        }
        self.running = running
        self.ordinals = ordinals
    }

    /// Whether a date is a day off for `holidays`: the precomputed federal table for all of
    /// them, the observed dates of the chosen ones otherwise.
    private static func holidayTest(_ holidays: EmployerHolidays) -> @Sendable (CivilDate) -> Bool {
        switch holidays {
        case .federal:
            return FederalHolidays.isObservedHoliday
        case .none:
            return { _ in false }
        case .observed:
            let days = Set(CivilDate.supportedYears.flatMap { year in
                FederalHolidays.computeOccurrences(in: year).filter { holidays.observes($0.holiday) }.map(\.observedDate.dayNumber)
            })
            return { days.contains($0.dayNumber) }
        }
    }

    /// Federal government working days: Monday–Friday less observed federal holidays and
    /// federal closures (the E-Verify TNC clocks).
    public static func federal(closures: [Closure] = []) -> BusinessCalendar {
        shared(weekdays: Weekday.mondayToFriday, closures: closures)
    }

    /// The same calendar as ``init(weekdays:holidays:closures:)``, built once per process
    /// for the same weekdays, holidays and closed days (``BusinessCalendarCache``).
    public static func shared(weekdays: [Weekday], holidays: EmployerHolidays = .federal, closures: [Closure] = []) -> BusinessCalendar {
        BusinessCalendarCache.calendar(for: .init(weekdays: weekdays, holidays: holidays, closures: closures)) {
            BusinessCalendar(weekdays: weekdays, holidays: holidays, closures: closures)
        }
    }

    /// Whether `date` is a business day (false outside the known range).
    public func isBusinessDay(_ date: CivilDate) -> Bool {
        guard let i = index(date) else { return false }
        return running[i] - (i > 0 ? running[i - 1] : 0) == 1
    }

    /// The `n`-th business day after `date` (n > 0), the `|n|`-th before it (n < 0), or
    /// `date` itself (n = 0). `date` need not be a business day and is never counted.
    public func adding(_ n: Int, businessDaysTo date: CivilDate) throws(CalendarError) -> CivilDate {
        guard n != 0 else { return date }
        guard let i = index(date) else { throw .dateOutOfRange(date) }
        let upToDate = Int(running[i])
        let target = n > 0 ? upToDate + n - 1 : upToDate - (isBusinessDay(date) ? 1 : 0) + n
        guard target >= 0, target < ordinals.count else { throw .dateOutOfRange(date) }
        return CivilDate(dayNumber: ordinals[target])
    }

    /// Business days in the half-open interval (`from`, `to`]; negative when `to` is
    /// before `from` (then the days in (`to`, `from`]).
    public func businessDays(from: CivilDate, to: CivilDate) throws(CalendarError) -> Int {
        guard let a = index(from) else { throw .dateOutOfRange(from) }
        guard let b = index(to) else { throw .dateOutOfRange(to) }
        return Int(running[b]) - Int(running[a])
    }

    /// `date` if it is a business day, else the next business day.
    public func businessDay(onOrAfter date: CivilDate) throws(CalendarError) -> CivilDate {
        isBusinessDay(date) ? date : try adding(1, businessDaysTo: date)
    }

    private func index(_ date: CivilDate) -> Int? {
        let i = Int(date.dayNumber) - Int(start)
        return i >= 0 && i < running.count ? i : nil
    }
}
