import Testing
@testable import Compliance

@Suite struct EVerifyRulesTests {
    @Test func caseCreationFollowsTheThreeDayRule() throws {
        #expect(try makeRules().eVerifyCaseCreationDueDate(start: day("2026-03-02")) == day("2026-03-05"))
    }

    @Test func anOutageWithACatchUpDateExtendsCaseCreation() throws {
        let rules = makeRules(data: try calendarData2025())
        // Monday 2025-09-29: due Thu 10-02 without the outage; outage days pause the clock
        // (due 10-10) and the published catch-up date 10-14 is later still.
        #expect(try rules.eVerifyCaseCreationDueDate(start: day("2025-09-29")) == day("2025-10-14"))
        // Outside the outage nothing changes.
        #expect(try rules.eVerifyCaseCreationDueDate(start: day("2025-09-15")) == day("2025-09-18"))
    }

    /// The catch-up date is the deadline the announcement gives, never later: pausing the
    /// clock for the outage days would give Monday 03-09, the announcement says Friday.
    @Test func theCatchUpDateIsTheDeadlineNeverLater() throws {
        let outage = try EVerifyOutage(first: day("2026-03-03"), last: day("2026-03-04"), catchUpDate: day("2026-03-06"))
        let rules = makeRules(data: CalendarData(eVerifyOutages: [outage]))
        #expect(try rules.eVerifyCaseCreationDueDate(start: day("2026-03-02")) == day("2026-03-06"))
    }

    @Test func anOutageWithoutCatchUpOnlyPausesTheClock() throws {
        let outage = try EVerifyOutage(first: day("2026-03-03"), last: day("2026-03-04"))
        let rules = makeRules(data: CalendarData(eVerifyOutages: [outage]))
        #expect(try rules.eVerifyCaseCreationDueDate(start: day("2026-03-02")) == day("2026-03-09"))
    }

    @Test func tncClocksCountFederalWorkingDays() throws {
        let rules = makeRules(data: try calendarData2025())
        let tncCase = EVerifyCase(id: "c1", createdOn: day("2025-12-19"), tncIssuedOn: day("2025-12-22"), referredOn: day("2025-12-23"))
        let all = try rules.obligations(for: tncCase)
        #expect(due(all, .eVerifyTNCEmployerAction) == day("2026-01-09"))
        // 12-24, 12-25, 12-26 and 01-01 closed: 29, 30, 31, 2, 5, 6, 7, 8.
        #expect(due(all, .eVerifyTNCEmployeeContact) == day("2026-01-08"))
        #expect(due(all, .eVerifyCaseClosure) == nil)
    }

    @Test func closureFollowsTheFinalResult() throws {
        let rules = makeRules()
        let immediate = EVerifyCase(id: "c1", createdOn: day("2026-03-04"))
        #expect(due(try rules.obligations(for: immediate), .eVerifyCaseClosure) == day("2026-03-09"))
        let resolved = EVerifyCase(id: "c2", createdOn: day("2026-03-04"), tncIssuedOn: day("2026-03-04"), finalResultOn: day("2026-03-20"))
        #expect(due(try rules.obligations(for: resolved), .eVerifyCaseClosure) == day("2026-03-25"))
    }

    @Test func referralWithoutATNCIsATypedError() {
        let bad = EVerifyCase(id: "c1", createdOn: day("2026-03-04"), referredOn: day("2026-03-05"))
        #expect(throws: RuleError.self) { try makeRules().obligations(for: bad) }
        let early = EVerifyCase(id: "c1", createdOn: day("2026-03-04"), tncIssuedOn: day("2026-03-01"))
        #expect(throws: RuleError.self) { try makeRules().obligations(for: early) }
    }
}
