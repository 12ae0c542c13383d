import PropertyBased
import Testing
@testable import Compliance

@Suite struct BusinessCalendarTests {
    static let operating = BusinessCalendar(weekdays: Weekday.mondayToFriday)
    static let federal2025: BusinessCalendar = {
        let closures = ["2025-01-09", "2025-12-24", "2025-12-26"].compactMap { try? Closure(first: day($0)) }
        return BusinessCalendar.federal(closures: closures)
    }()

    @Test func thanksgivingWeekSkipsThursday() throws {
        #expect(try Self.operating.adding(3, businessDaysTo: day("2025-11-24")) == day("2025-11-28"))
        #expect(try Self.operating.adding(3, businessDaysTo: day("2025-11-26")) == day("2025-12-02"))
    }

    @Test func yearEndWeekSkipsChristmasAndNewYear() throws {
        #expect(try Self.operating.adding(3, businessDaysTo: day("2025-12-22")) == day("2025-12-26"))
        #expect(try Self.operating.adding(3, businessDaysTo: day("2025-12-29")) == day("2026-01-02"))
    }

    @Test func federalClosuresCloseOnlyTheFederalCalendar() throws {
        #expect(Self.operating.isBusinessDay(day("2025-12-24")))
        #expect(!Self.federal2025.isBusinessDay(day("2025-12-24")))
        #expect(!Self.federal2025.isBusinessDay(day("2025-12-26")))
        #expect(try Self.federal2025.adding(10, businessDaysTo: day("2025-12-22")) == day("2026-01-09"))
    }

    @Test func customWeekdaysAndClosures() throws {
        let closure = try Closure(first: day("2026-03-04"), last: day("2026-03-05"), reason: "inventory")
        let calendar = BusinessCalendar(weekdays: [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday], closures: [closure])
        #expect(calendar.isBusinessDay(day("2026-03-07")))
        #expect(try calendar.adding(3, businessDaysTo: day("2026-03-02")) == day("2026-03-07"))
    }

    /// A shared calendar is the one its inputs build: the closed days and the holidays
    /// count, not a closure's reason; other inputs never get another input's calendar.
    @Test func sharedCalendarsAreTheCalendarsTheirInputsBuild() throws {
        let inventory = try Closure(first: day("2026-03-04"), last: day("2026-03-05"), reason: "inventory")
        let renamed = try Closure(first: day("2026-03-04"), last: day("2026-03-05"), reason: "stock count")
        let saturdays: [Weekday] = Weekday.mondayToFriday + [.saturday]
        let closed = BusinessCalendar.shared(weekdays: saturdays, closures: [inventory])
        #expect(!closed.isBusinessDay(day("2026-03-04")) && closed.isBusinessDay(day("2026-03-07")))
        #expect(!BusinessCalendar.shared(weekdays: saturdays, closures: [renamed]).isBusinessDay(day("2026-03-05")))
        let open = BusinessCalendar.shared(weekdays: saturdays)
        #expect(open.isBusinessDay(day("2026-03-04")))
        #expect(!BusinessCalendar.shared(weekdays: Weekday.mondayToFriday).isBusinessDay(day("2026-03-07")))
        #expect(BusinessCalendar.shared(weekdays: Weekday.mondayToFriday, holidays: .none).isBusinessDay(day("2025-11-27")))
        #expect(!BusinessCalendar.shared(weekdays: Weekday.mondayToFriday).isBusinessDay(day("2025-11-27")))
        for start in ["2025-11-20", "2026-02-27", "2026-12-21"] {
            let built = BusinessCalendar(weekdays: saturdays, closures: [inventory])
            #expect(try closed.adding(9, businessDaysTo: day(start)) == built.adding(9, businessDaysTo: day(start)))
        }
    }

    @Test func subtractsAndCounts() throws {
        #expect(try Self.operating.adding(-1, businessDaysTo: day("2025-11-28")) == day("2025-11-26"))
        #expect(try Self.operating.adding(-1, businessDaysTo: day("2025-11-29")) == day("2025-11-28"))
        #expect(try Self.operating.businessDays(from: day("2025-11-24"), to: day("2025-11-28")) == 3)
        #expect(try Self.operating.businessDays(from: day("2025-11-28"), to: day("2025-11-24")) == -3)
        #expect(try Self.operating.adding(0, businessDaysTo: day("2025-11-29")) == day("2025-11-29"))
    }

    @Test func leavingTheKnownYearsIsATypedError() {
        #expect(throws: CalendarError.dateOutOfRange(day("2200-12-30"))) {
            try Self.operating.adding(5, businessDaysTo: day("2200-12-30"))
        }
        #expect(throws: CalendarError.self) { try Self.operating.adding(-5, businessDaysTo: day("1971-01-04")) }
    }

    @Test func reversedClosureIsATypedError() {
        #expect(throws: CalendarError.reversedRange(day("2026-03-05"), day("2026-03-04"))) {
            try Closure(first: day("2026-03-05"), last: day("2026-03-04"))
        }
    }

    @Test func addingThenSubtractingReturnsToABusinessDay() async {
        await propertyCheck(count: 500, input: Gen.int(in: 1_000...82_000), Gen.int(in: 1...400)) { number, n in
            let calendar = Self.federal2025
            let start = try calendar.businessDay(onOrAfter: CivilDate(dayNumber: Int32(number)))
            let later = try calendar.adding(n, businessDaysTo: start)
            #expect(calendar.isBusinessDay(later))
            #expect(try calendar.adding(-n, businessDaysTo: later) == start)
            #expect(try calendar.businessDays(from: start, to: later) == n)
        }
    }

    @Test func addingCountsOnlyBusinessDaysInBetween() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1_000...82_000), Gen.int(in: 1...30)) { number, n in
            let start = CivilDate(dayNumber: Int32(number))
            let end = try Self.operating.adding(n, businessDaysTo: start)
            let open = (1...start.days(to: end)).filter { Self.operating.isBusinessDay(start.adding(days: $0)) }.count
            #expect(open == n)
        }
    }
}
