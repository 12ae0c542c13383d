import Testing
@testable import Compliance

@Suite struct RecurringRulesTests {
    private func settings(agreement: String?) -> ComplianceSettings {
        var settings = ComplianceSettings()
        settings.imageAgreementDate = agreement.map(day)
        return settings
    }

    @Test func auditAndReportFallOnTheAgreementAnniversary() throws {
        let all = try makeRules(settings(agreement: "2023-05-10")).annualObligations(year: 2026)
        #expect(due(all, .auditAnnual) == day("2026-05-10"))
        #expect(due(all, .reportAnnual) == day("2026-05-10"))
        #expect(all.map(\.sourceKey).contains("report_annual:tenant/tenant:2026"))
        #expect(try makeRules(settings(agreement: "2023-05-10")).annualObligations(year: 2023).isEmpty)
    }

    @Test func feb29AgreementFollowsTheLeapDayRule() throws {
        var leap = settings(agreement: "2024-02-29")
        #expect(try makeRules(leap).reportDueDate(year: 2025) == day("2025-02-28"))
        #expect(try makeRules(leap).reportDueDate(year: 2028) == day("2028-02-29"))
        leap.leapDayRule = .march1
        #expect(try makeRules(leap).reportDueDate(year: 2025) == day("2025-03-01"))
    }

    @Test func tenantDatesOverrideTheAnniversary() throws {
        var custom = settings(agreement: "2023-05-10")
        custom.auditDate = try MonthDay(text: "09-30")
        custom.reportDate = try MonthDay(text: "12-15")
        let all = try makeRules(custom).annualObligations(year: 2026)
        #expect(due(all, .auditAnnual) == day("2026-09-30"))
        #expect(due(all, .reportAnnual) == day("2026-12-15"))
    }

    @Test func withoutAnAgreementDateTheReportIsAMissingSetting() {
        #expect(throws: RuleError.missingSetting("auditDate or imageAgreementDate")) {
            try makeRules().annualObligations(year: 2026)
        }
    }

    @Test func trainingLastsTwelveMonths() {
        let rules = makeRules()
        let renewal = rules.obligation(for: TrainingCompletion(personID: "p1", completedOn: day("2025-04-15")))
        #expect(renewal.dueDate == day("2026-04-15"))
        #expect(renewal.sourceKey == "training_renewal:person/p1:2025-04-15")
        let completions = [day("2025-04-15")]
        #expect(!rules.isTrained(completions: completions, on: day("2025-04-14")))
        #expect(rules.isTrained(completions: completions, on: day("2026-04-15")))
        #expect(!rules.isTrained(completions: completions, on: day("2026-04-16")))
        #expect(rules.isTrained(completions: completions + [day("2026-04-10")], on: day("2026-12-01")))
    }

    @Test func programPolicyAndNetworkRecur() {
        let rules = makeRules()
        #expect(rules.obligation(for: CurriculumVersion(id: "v3", publishedOn: day("2025-06-01"))).dueDate == day("2026-06-01"))
        #expect(rules.obligation(for: PolicyRecord(id: "anti-discrimination", lastReviewedOn: day("2025-01-31"))).dueDate == day("2026-01-31"))
        let newcomer = rules.obligation(for: NetworkCompany(id: "acme", joinedOn: day("2026-03-02")))
        #expect(newcomer.dueDate == day("2026-04-01"))
        #expect(newcomer.cycle == .once)
        let known = rules.obligation(for: NetworkCompany(id: "acme", joinedOn: day("2024-01-01"), lastCommunicatedOn: day("2025-07-01")))
        #expect(known.dueDate == day("2026-07-01"))
    }
}
