import Testing
@testable import Compliance

/// No pre-screening and no selective use of E-Verify (issue 18, items 8 and 9):
/// E-Verify MOU Art. II.A.9–11.
@Suite struct HiringSafeguardsTests {
    private func facts(offer: String? = nil, section1: String? = nil, section2: String? = nil, created: String? = nil) -> HiringSafeguardFacts {
        var facts = HiringSafeguardFacts()
        facts.offerAcceptedOn = offer.map(day)
        facts.section1CompletedOn = section1.map(day)
        facts.section2CompletedOn = section2.map(day)
        facts.caseCreatedOn = created.map(day)
        return facts
    }

    @Test func aCaseAfterTheOfferAndTheCompletedFormIsNoException() {
        #expect(facts(offer: "2026-10-20", section1: "2026-11-02", section2: "2026-11-03", created: "2026-11-03").exceptions.isEmpty)
        #expect(facts().exceptions.isEmpty)
    }

    @Test func aCaseBeforeTheOfferWasAcceptedIsPreScreening() {
        let found = facts(offer: "2026-10-20", section1: "2026-10-20", section2: "2026-10-21", created: "2026-10-15").exceptions
        #expect(found.first == .caseBeforeOfferAccepted(caseCreated: day("2026-10-15"), offerAccepted: day("2026-10-20")))
        #expect(found.map(\.kind) == ["case_before_offer_accepted", "case_before_i9_completed"])
        #expect(found[0].description.contains("no pre-screening (E-Verify MOU Art. II.A.9)"))
    }

    @Test func aCaseBeforeSection2IsFlaggedWithTheSection() {
        let found = facts(section1: "2026-11-02", section2: "2026-11-05", created: "2026-11-03").exceptions
        #expect(found == [.caseBeforeI9Completed(caseCreated: day("2026-11-03"), section: 2, completed: day("2026-11-05"))])
    }

    @Test func section1BeforeTheOfferIsFlagged() {
        #expect(facts(offer: "2026-10-20", section1: "2026-10-18").exceptions.map(\.kind) == ["section1_before_offer_accepted"])
    }

    @Test func aHireWithoutACaseNeedsAReason() {
        var noCase = HiringSafeguardFacts()
        noCase.eVerifyRequired = false
        #expect(noCase.exceptions == [.noCaseWithoutReason])
        noCase.noCaseReason = .employedBeforeMOU
        #expect(noCase.exceptions.isEmpty)
    }
}
