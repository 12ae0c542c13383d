import Testing
@testable import Compliance

@Suite struct I9RulesTests {
    let rules = makeRules()

    @Test(arguments: [
        ("2026-03-02", "2026-03-05"),  // Monday start: due Thursday
        ("2026-03-06", "2026-03-11"),  // Friday start: due Wednesday
        ("2025-11-24", "2025-11-28"),  // Thanksgiving week
        ("2025-12-22", "2025-12-26"),  // Christmas week (operating days ignore federal closures)
        ("2021-12-29", "2022-01-04"),  // Dec 31, 2021 observed for Sat Jan 1, 2022
        ("2021-06-16", "2021-06-22"),  // Juneteenth first observed Fri 2021-06-18
        ("2020-06-16", "2020-06-19"),  // before 2021 Jun 19 is a working day
    ])
    func section2IsDueOnTheThirdBusinessDayAfterTheStart(start: String, expected: String) throws {
        #expect(try rules.section2DueDate(Hire(id: "h", startDate: day(start))) == day(expected))
    }

    @Test func countStartDaySettingMakesMondayStartDueWednesday() throws {
        var settings = ComplianceSettings()
        settings.countStartDay = true
        let rules = makeRules(settings)
        #expect(try rules.section2DueDate(Hire(id: "h", startDate: day("2026-03-02"))) == day("2026-03-04"))
        // A Saturday start is not a business day, so it cannot count as day 1.
        #expect(try rules.section2DueDate(Hire(id: "h", startDate: day("2026-03-07"))) == day("2026-03-11"))
    }

    @Test(arguments: [1, 2])
    func shortJobIsDueOnDayOne(jobDays: Int) throws {
        let hire = Hire(id: "h", startDate: day("2026-03-02"), jobBusinessDays: jobDays)
        #expect(try rules.section2DueDate(hire) == day("2026-03-02"))
        // E-Verify's three-day rule still applies to short jobs.
        #expect(try rules.eVerifyCaseCreationDueDate(start: hire.startDate) == day("2026-03-05"))
    }

    @Test func aThreeDayJobUsesTheNormalRule() throws {
        #expect(try rules.section2DueDate(Hire(id: "h", startDate: day("2026-03-02"), jobBusinessDays: 3)) == day("2026-03-05"))
    }

    @Test func section1ReceiptAndSecondaryReview() throws {
        let hire = Hire(id: "h", startDate: day("2026-03-02"), receipt: Receipt(.replacement))
        let all = try rules.obligations(for: hire)
        #expect(due(all, .i9Section1) == day("2026-03-02"))
        #expect(due(all, .i9ReceiptDocument) == day("2026-05-31"))
        #expect(due(all, .i9SecondaryReview) == day("2026-03-09"))
        #expect(due(Array(try rules.obligations(for: Hire(id: "h", startDate: day("2026-03-02")))), .i9ReceiptDocument) == nil)
    }

    @Test func secondaryReviewCountsFromTheActualSection2() throws {
        let hire = Hire(id: "h", startDate: day("2026-03-02"), section2CompletedOn: day("2026-03-02"))
        #expect(due(try rules.obligations(for: hire), .i9SecondaryReview) == day("2026-03-04"))
    }

    @Test func reverificationIsTheEarlierExpiry() {
        let hire = Hire(
            id: "h", startDate: day("2026-03-02"), citizenship: .alienAuthorized, workAuthorizationExpires: day("2027-06-30"),
            documents: [IdentityDocument(list: .c, expires: day("2027-01-15")), IdentityDocument(list: .b, expires: day("2026-08-01"))])
        #expect(rules.reverificationDueDate(hire) == day("2027-01-15"))
    }

    @Test(arguments: [CitizenshipStatus.citizen, .national, .permanentResident])
    func neverReverifiesCitizensNationalsOrPermanentResidents(status: CitizenshipStatus) {
        let hire = Hire(id: "h", startDate: day("2026-03-02"), citizenship: status, workAuthorizationExpires: day("2027-06-30"),
                        documents: [IdentityDocument(list: .a, expires: day("2027-01-15"))])
        #expect(rules.reverificationDueDate(hire) == nil)
    }

    @Test func neverReverifiesListBDocuments() {
        let hire = Hire(id: "h", startDate: day("2026-03-02"), citizenship: .alienAuthorized,
                        documents: [IdentityDocument(list: .b, expires: day("2026-08-01"))])
        #expect(rules.reverificationDueDate(hire) == nil)
    }

    @Test(arguments: [
        ("2026-03-02", "2027-02-01", "2029-03-02"),  // hire + 3 years is later
        ("2026-03-02", "2030-06-15", "2031-06-15"),  // termination + 1 year is later
        ("2024-02-29", "2024-05-01", "2027-02-28"),  // Feb 29 anniversary: Feb 28
    ])
    func retentionIsTheLaterOfTheTwoDates(start: String, terminated: String, expected: String) {
        let hire = Hire(id: "h", startDate: day(start), terminationDate: day(terminated))
        #expect(rules.retentionEndDate(hire) == day(expected))
    }

    @Test func noRetentionDateWhileEmployed() {
        #expect(rules.retentionEndDate(Hire(id: "h", startDate: day("2026-03-02"))) == nil)
    }

    @Test func sourceKeysAreDeterministicAndIgnoreTheDueDate() throws {
        let hire = Hire(id: "42", startDate: day("2026-03-02"))
        let keys = try rules.obligations(for: hire).map(\.sourceKey)
        #expect(keys.contains("i9_section2:hire/42:once"))
        #expect(try rules.obligations(for: hire).map(\.sourceKey) == keys)
        var moved = hire
        moved.startDate = day("2026-03-09")
        #expect(Set(try rules.obligations(for: moved).map(\.sourceKey)) == Set(keys))
    }

    @Test func terminationBeforeStartIsATypedError() {
        let hire = Hire(id: "h", startDate: day("2026-03-02"), terminationDate: day("2026-03-01"))
        #expect(throws: RuleError.dateBeforeStart("termination date", day("2026-03-01"), start: day("2026-03-02"))) {
            try rules.obligations(for: hire)
        }
    }

    @Test func expiryBeforeStartIsATypedError() {
        let authorization = Hire(id: "h", startDate: day("2026-03-02"), workAuthorizationExpires: day("2026-02-01"))
        #expect(throws: RuleError.self) { try rules.obligations(for: authorization) }
        let document = Hire(id: "h", startDate: day("2026-03-02"), documents: [IdentityDocument(list: .a, expires: day("2026-02-01"))])
        #expect(throws: RuleError.self) { try rules.obligations(for: document) }
    }

    @Test func jobLengthBelowOneIsATypedError() {
        #expect(throws: RuleError.invalidJobLength(0)) {
            try rules.obligations(for: Hire(id: "h", startDate: day("2026-03-02"), jobBusinessDays: 0))
        }
    }

    @Test func startAtTheEndOfTheKnownYearsIsATypedError() {
        #expect(throws: RuleError.self) { try rules.obligations(for: Hire(id: "h", startDate: day("2200-12-30"))) }
    }
}
