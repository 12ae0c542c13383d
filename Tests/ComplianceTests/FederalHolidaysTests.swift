import PropertyBased
import Testing
@testable import Compliance

@Suite struct FederalHolidaysTests {
    private func occurrence(_ holiday: FederalHoliday, _ year: Int) throws -> HolidayOccurrence? {
        try FederalHolidays.occurrences(in: year).first { $0.holiday == holiday }
    }

    @Test func saturdayJanuaryFirstIsObservedOnDecember31OfThePreviousYear() throws {
        let newYear2022 = try #require(try occurrence(.newYearsDay, 2022))
        #expect(newYear2022.legalDate == day("2022-01-01"))
        #expect(newYear2022.observedDate == day("2021-12-31"))
        #expect(FederalHolidays.isObservedHoliday(day("2021-12-31")))
        #expect(!FederalHolidays.isObservedHoliday(day("2022-01-01")))
    }

    @Test func juneteenthStartsIn2021() throws {
        #expect(try occurrence(.juneteenth, 2020) == nil)
        #expect(!FederalHolidays.isObservedHoliday(day("2020-06-19")))
        let first = try #require(try occurrence(.juneteenth, 2021))
        #expect(first.observedDate == day("2021-06-18"))
        #expect(try occurrence(.juneteenth, 2022)?.observedDate == day("2022-06-20"))
    }

    @Test func veteransDayMovedBackToNovember11In1978() throws {
        #expect(try occurrence(.veteransDay, 1975)?.legalDate == day("1975-10-27"))
        #expect(try occurrence(.veteransDay, 1977)?.legalDate == day("1977-10-24"))
        let in1978 = try #require(try occurrence(.veteransDay, 1978))
        #expect(in1978.legalDate == day("1978-11-11"))
        #expect(in1978.observedDate == day("1978-11-10"))
    }

    @Test func martinLutherKingDayStartsIn1986() throws {
        #expect(try occurrence(.martinLutherKingJrDay, 1985) == nil)
        #expect(try occurrence(.martinLutherKingJrDay, 1986)?.legalDate == day("1986-01-20"))
        #expect(!FederalHolidays.isObservedHoliday(day("1985-01-21")))
    }

    @Test(arguments: [
        (FederalHoliday.thanksgivingDay, 2025, "2025-11-27"), (.memorialDay, 2026, "2026-05-25"), (.laborDay, 2026, "2026-09-07"),
        (.columbusDay, 2026, "2026-10-12"), (.washingtonsBirthday, 1971, "1971-02-15"), (.christmasDay, 2022, "2022-12-26"),
        (.independenceDay, 2026, "2026-07-03"),
    ])
    func knownObservedDates(holiday: FederalHoliday, year: Int, observed: String) throws {
        #expect(try occurrence(holiday, year)?.observedDate == day(observed))
    }

    @Test func yearsOutsideTheTableAreTypedErrors() {
        #expect(throws: CalendarError.yearOutOfRange(1970)) { try FederalHolidays.occurrences(in: 1970) }
        #expect(throws: CalendarError.yearOutOfRange(2201)) { try FederalHolidays.occurrences(in: 2201) }
    }

    @Test func everyYearHasTheRightNumberOfHolidays() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1971...2200)) { year in
            let expected = year >= 2021 ? 11 : year >= 1986 ? 10 : 9
            let holidays = try FederalHolidays.occurrences(in: year)
            #expect(holidays.count == expected)
            #expect(Set(holidays.map(\.observedDate)).count == expected)
            for holiday in holidays {
                #expect(holiday.observedDate.weekday.isoNumber <= 5)
                #expect(abs(holiday.legalDate.days(to: holiday.observedDate)) <= 1)
                #expect(FederalHolidays.isObservedHoliday(holiday.observedDate))
            }
        }
    }

    @Test func everySupportedYearExhaustively() throws {
        var total = 0
        for year in CivilDate.supportedYears {
            let count = try FederalHolidays.occurrences(in: year).count
            #expect(count == (year >= 2021 ? 11 : year >= 1986 ? 10 : 9), "year \(year)")
            total += count
        }
        #expect(total == 15 * 9 + 35 * 10 + 180 * 11)
    }

    @Test func observedDaysInACalendarYearFollowTheJanuaryFirstShift() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1972...2199)) { year in
            let legal = try FederalHolidays.occurrences(in: year).count
            let start = CivilDate(uncheckedYear: year, month: 1, day: 1)
            let next = CivilDate(uncheckedYear: year + 1, month: 1, day: 1)
            let observed = (0..<start.days(to: next)).filter { FederalHolidays.isObservedHoliday(start.adding(days: $0)) }.count
            let shiftedOut = start.weekday == .saturday ? 1 : 0
            let shiftedIn = next.weekday == .saturday ? 1 : 0
            #expect(observed == legal - shiftedOut + shiftedIn)
        }
    }
}
