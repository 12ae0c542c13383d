import Testing
@testable import Compliance

@Suite struct EventRulesTests {
    @Test func noMatchLettersDefaultTo30And90Days() {
        let all = makeRules().obligations(for: NoMatchLetter(id: "n1", receivedOn: day("2026-03-02")))
        #expect(due(all, .noMatchAcknowledge) == day("2026-04-01"))
        #expect(due(all, .noMatchResolve) == day("2026-05-31"))
    }

    @Test func noMatchWindowsAreTenantSettings() {
        var settings = ComplianceSettings()
        settings.noMatchAcknowledgeDays = 10
        settings.noMatchResolveDays = 60
        let all = makeRules(settings).obligations(for: NoMatchLetter(id: "n1", receivedOn: day("2026-03-02")))
        #expect(due(all, .noMatchAcknowledge) == day("2026-03-12"))
        #expect(due(all, .noMatchResolve) == day("2026-05-01"))
    }

    @Test func tipsCountOperatingDays() throws {
        let all = try makeRules().obligations(for: Tip(id: "t1", receivedOn: day("2025-11-26")))
        #expect(all.map(\.kind) == [.tipAcknowledge, .tipInvestigate, .tipRespond])
        #expect(due(all, .tipAcknowledge) == day("2025-12-01"))
        #expect(due(all, .tipInvestigate) == day("2025-12-04"))  // 5 operating days, Thanksgiving skipped
        #expect(due(all, .tipRespond) == day("2025-12-11"))
    }

    @Test func tipInvestigateWindowIsATenantSetting() throws {
        var settings = ComplianceSettings()
        settings.tipInvestigateBusinessDays = 3
        let all = try makeRules(settings).obligations(for: Tip(id: "t1", receivedOn: day("2025-11-26")))
        #expect(due(all, .tipInvestigate) == day("2025-12-02"))
        #expect(ReminderPlan.defaultPlan(for: .tipInvestigate) == .short)
    }

    @Test func selfReportsUseTheFollowUpDateWhenSet() throws {
        let rules = makeRules()
        let plain = try rules.obligations(for: SelfReport(id: "s1", discoveredOn: day("2026-03-02")))
        #expect(due(plain, .selfReportCorrect) == day("2026-04-01"))
        #expect(due(plain, .selfReportReport) == day("2026-03-16"))
        let followed = try rules.obligations(for: SelfReport(id: "s1", discoveredOn: day("2026-03-02"), followUpOn: day("2026-03-20")))
        #expect(due(followed, .selfReportCorrect) == day("2026-03-20"))
        #expect(throws: RuleError.self) {
            try rules.obligations(for: SelfReport(id: "s1", discoveredOn: day("2026-03-02"), followUpOn: day("2026-03-01")))
        }
    }
}
