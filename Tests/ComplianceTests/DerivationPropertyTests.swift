import PropertyBased
import Testing
@testable import Compliance

@Suite struct DerivationPropertyTests {
    static let rules = makeRules(data: (try? calendarData2025()) ?? CalendarData())
    static let startDays = Gen.int(in: 365...83_900)  // 1971 … 2199

    @Test func dueDatesThatMustBeBusinessDaysAre() async {
        await propertyCheck(count: 400, input: Self.startDays, Gen.int(in: 1...10), Gen.bool) { number, jobDays, countStart in
            var settings = ComplianceSettings()
            settings.countStartDay = countStart
            let rules = countStart ? makeRules(settings) : Self.rules
            let hire = Hire(id: "h", startDate: CivilDate(dayNumber: Int32(number)), jobBusinessDays: jobDays)
            let all = try rules.obligations(for: hire)
            let operating = rules.calendars.operating
            if jobDays >= 3, let section2 = due(all, .i9Section2) { #expect(operating.isBusinessDay(section2)) }
            if let review = due(all, .i9SecondaryReview) { #expect(operating.isBusinessDay(review)) }
            if let creation = due(all, .eVerifyCaseCreation) {
                #expect(operating.isBusinessDay(creation))
                #expect(creation > hire.startDate)
            }
        }
    }

    @Test func tncAndTipDueDatesAreWorkingDays() async {
        await propertyCheck(count: 300, input: Self.startDays) { number in
            let date = CivilDate(dayNumber: Int32(number))
            let tncCase = EVerifyCase(id: "c", createdOn: date, tncIssuedOn: date, referredOn: date)
            for obligation in try Self.rules.obligations(for: tncCase) where obligation.kind != .eVerifyCaseClosure {
                #expect(Self.rules.calendars.federal.isBusinessDay(obligation.dueDate))
                #expect(try Self.rules.calendars.eVerifyTNC.businessDays(from: date, to: obligation.dueDate) >= 8)
            }
            for obligation in try Self.rules.obligations(for: Tip(id: "t", receivedOn: date)) {
                #expect(Self.rules.calendars.operating.isBusinessDay(obligation.dueDate))
            }
        }
    }

    @Test func section2NeverComesBeforeTheStartOrAfterEVerify() async {
        await propertyCheck(count: 300, input: Self.startDays, Gen.int(in: 1...5)) { number, jobDays in
            let hire = Hire(id: "h", startDate: CivilDate(dayNumber: Int32(number)), jobBusinessDays: jobDays)
            let all = try Self.rules.obligations(for: hire)
            let section2 = try #require(due(all, .i9Section2))
            let creation = try #require(due(all, .eVerifyCaseCreation))
            #expect(section2 >= hire.startDate)
            #expect(section2 <= creation)
        }
    }
}
