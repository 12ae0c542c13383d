import Synchronization

/// The business calendars built so far, shared by every tenant and pass of the process.
/// Building one walks the 84,000 days the calendar knows (1971–2200), a few milliseconds;
/// a scheduler pass needs four, and most tenants have the same weekdays, holidays and
/// closures, so at 10,000 tenants rebuilding them was most of the daemon's work.
/// Bounded: a process whose tenants all close on days of their own rebuilds as before.
enum BusinessCalendarCache {
    /// What a calendar is built from (a closure's reason does not change it).
    struct Key: Hashable, Sendable {
        let weekdays: Set<Weekday>
        let holidays: EmployerHolidays
        let closed: [ClosedRange<Int32>]

        init(weekdays: some Sequence<Weekday>, holidays: EmployerHolidays, closures: [Closure]) {
            self.weekdays = Set(weekdays)
            self.holidays = holidays
            self.closed = closures.map { $0.first.dayNumber...$0.last.dayNumber }
        }
    }

    /// At most this many calendars (about 0.6 MB each) are kept.
    static let capacity = 16
    private static let calendars = Mutex<[Key: BusinessCalendar]>([:])

    /// The calendar for `key`, built by `build` when it is not kept yet.
    static func calendar(for key: Key, build: () -> BusinessCalendar) -> BusinessCalendar {
        if let kept = calendars.withLock({ $0[key] }) { return kept }
        let built = build()
        calendars.withLock { kept in
            if kept.count >= capacity { kept.removeAll(keepingCapacity: true) }
            kept[key] = built
        }
        return built
    }
}
