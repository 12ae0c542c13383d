import PropertyBased
import Testing
@testable import Compliance

@Suite struct CivilDateTests {
    @Test(arguments: [
        ("1971-01-01", Weekday.friday), ("2000-02-29", .tuesday), ("2026-03-02", .monday), ("2200-12-31", .wednesday),
    ])
    func parsesFormatsAndKnowsTheWeekday(text: String, weekday: Weekday) throws {
        let date = try CivilDate(iso: text)
        #expect(date.description == text)
        #expect(date.weekday == weekday)
    }

    @Test func epochIsDayZero() throws {
        #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
        #expect(try CivilDate(iso: "1971-01-01").dayNumber == 365)
    }

    @Test(arguments: ["", "2026-3-2", "2026/03/02", "20260302", "2026-03-0x", " 2026-03-02", "2026-03-02T00:00"])
    func rejectsMalformedText(text: String) {
        #expect(throws: CivilDateError.malformed(text)) { try CivilDate(iso: text) }
    }

    @Test(arguments: ["2025-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00"])
    func rejectsNonexistentDays(text: String) {
        #expect(throws: CivilDateError.nonexistent(text)) { try CivilDate(iso: text) }
    }

    @Test(arguments: ["1970-12-31", "2201-01-01", "0001-01-01", "9999-12-31"])
    func rejectsYearsOutsideTheSupportedRange(text: String) {
        #expect(throws: CivilDateError.outOfRange(text)) { try CivilDate(iso: text) }
    }

    @Test func errorMessagesTellTheOperatorWhatToDo() {
        #expect(CivilDateError.malformed("3/2/26").description.contains("YYYY-MM-DD"))
        #expect(CivilDateError.outOfRange("1900-01-01").description.contains("1971–2200"))
    }

    @Test(arguments: [
        ("2024-02-29", 1, LeapDayRule.february28, "2025-02-28"), ("2024-02-29", 1, .march1, "2025-03-01"),
        ("2024-02-29", 4, .february28, "2028-02-29"), ("2026-03-02", 3, .february28, "2029-03-02"),
    ])
    func addsYearsWithTheLeapDayRule(from: String, years: Int, rule: LeapDayRule, expected: String) {
        #expect(day(from).adding(years: years, rule: rule) == day(expected))
    }

    @Test func addsMonthsClampingToTheMonthEnd() {
        #expect(day("2026-01-31").adding(months: 1) == day("2026-02-28"))
        #expect(day("2026-01-31").adding(months: 1, rule: .march1) == day("2026-03-01"))
        #expect(day("2026-11-15").adding(months: 3) == day("2027-02-15"))
    }

    @Test func roundTripsEveryDayThroughItsComponents() async {
        await propertyCheck(count: 500, input: Gen.int(in: 365...84_005)) { number in
            let date = CivilDate(dayNumber: Int32(number))
            let (year, month, dayOfMonth) = date.components
            let rebuilt = try CivilDate(year: year, month: month, day: dayOfMonth)
            let parsed = try CivilDate(iso: date.description)
            #expect(rebuilt == date)
            #expect(parsed == date)
            #expect(date.adding(days: 1).weekday.isoNumber == date.weekday.isoNumber % 7 + 1)
        }
    }

    @Test func monthDayParsesAndRejects() throws {
        #expect(try MonthDay(text: "02-29").date(in: 2025, rule: .february28) == day("2025-02-28"))
        #expect(try MonthDay(text: "02-29").date(in: 2025, rule: .march1) == day("2025-03-01"))
        #expect(try MonthDay(text: "02-29").date(in: 2028, rule: .march1) == day("2028-02-29"))
        #expect(throws: CivilDateError.malformed("2-29")) { try MonthDay(text: "2-29") }
        #expect(throws: CivilDateError.self) { try MonthDay(text: "02-30") }
    }
}
