import Compliance
import Storage
import Testing

/// Who must act on each kind of obligation, and who receives a reminder at each step of
/// the escalation ladder: the routing rules alone, without a database.
@Suite struct ResponsiblePartiesTests {
    static let facts = RoutingFacts(
        people: [
            .init(id: "P-1", name: "Pat Preparer", email: "pat@acme.example", roles: [.i9Preparer]),
            .init(id: "P-2", name: "Quinn Preparer", email: "quinn@acme.example", roles: [.i9Preparer, .i9Reviewer]),
            .init(id: "R-1", name: "Rita Reviewer", email: "rita@acme.example", roles: [.i9Reviewer]),
            .init(id: "E-V", name: "Eve Verify", email: "eve@acme.example", roles: [.eVerifyUser]),
            .init(id: "A-1", name: "Al Auditor", email: "al@acme.example", roles: [.auditor]),
            .init(id: "T-1", name: "Tara Tips", email: nil, roles: [.tipHandler]),
            .init(id: "H-1", name: "Hal HR", email: "hal@acme.example", roles: [.hr]),
        ],
        hires: [
            "E-1": .init(assignedPreparer: "P-1"),
            "E-2": .init(),
            "E-3": .init(section2Preparer: "P-2"),
            "E-4": .init(section2Preparer: "R-1", reviewer: "R-1"),
        ],
        audits: ["2026": .init(auditor: "A-1"), "2027": .init(firm: "Smith & Co CPAs")])
    static let routing = ReminderRouting(facts: facts, contacts: ["jane@acme.example"], operators: ["olive@agency.example"])

    static func who(_ kind: ObligationKind, _ subject: Subject, cycle: String = "once") -> [String] {
        ResponsibleParties.assignees(kind: kind, subject: subject, cycleKey: cycle, facts: facts).map(\.personID)
    }

    @Test func formI9WorkGoesToTheAssignedPreparerElseToEveryPreparer() {
        for kind in [ObligationKind.i9Section1, .i9Section2, .i9ReceiptDocument, .i9Reverification] {
            #expect(Self.who(kind, Subject(.hire, "E-1")) == ["P-1"], "\(kind)")
            #expect(Self.who(kind, Subject(.hire, "E-2")) == ["P-1", "P-2"], "\(kind)")
        }
        let reason = ResponsibleParties.assignees(kind: .i9Section2, subject: Subject(.hire, "E-1"), cycleKey: "once", facts: Self.facts)
        #expect(reason.first?.reason == "assigned preparer of this hire's Form I-9")
    }

    @Test func theSecondaryReviewNeverGoesToWhoPreparedSection2() {
        #expect(Self.who(.i9SecondaryReview, Subject(.hire, "E-2")) == ["P-2", "R-1"])
        #expect(Self.who(.i9SecondaryReview, Subject(.hire, "E-3")) == ["R-1"], "P-2 prepared Section 2")
        #expect(Self.who(.i9SecondaryReview, Subject(.hire, "E-1")) == ["P-2", "R-1"])
        #expect(Self.who(.i9SecondaryReview, Subject(.hire, "E-4")) == ["P-2"], "a reviewer named but who prepared it is passed over")
    }

    @Test func otherWorkGoesToItsRoleOrPerson() {
        #expect(Self.who(.eVerifyCaseCreation, Subject(.hire, "E-1")) == ["E-V"])
        #expect(Self.who(.trainingRenewal, Subject(.person, "R-1")) == ["R-1"])
        #expect(Self.who(.auditAnnual, Subject(.tenant, "tenant"), cycle: "2026") == ["A-1"])
        #expect(Self.who(.auditAnnual, Subject(.tenant, "tenant"), cycle: "2027") == ["A-1"], "the firm's contact: role auditor")
        #expect(Self.who(.tipAcknowledge, Subject(.tip, "web-1")) == ["T-1"])
        #expect(Self.who(.noMatchResolve, Subject(.noMatchLetter, "L-1")) == ["H-1"])
        #expect(Self.who(.reportAnnual, Subject(.tenant, "tenant"), cycle: "2026") == [])
    }

    @Test func theLadderAddsContactsThenOperatorsAndEachAddressOnce() {
        let assignees = ResponsibleParties.assignees(kind: .i9Section2, subject: Subject(.hire, "E-2"), cycleKey: "once", facts: Self.facts)
        let early = Self.routing.recipients(roles: [.assignee], assignees: assignees)
        #expect(early.map(\.email) == ["pat@acme.example", "quinn@acme.example"] && early.allSatisfy { $0.role == .assignee })
        let late = Self.routing.recipients(roles: [.assignee, .contact, .agencyOperator], assignees: assignees)
        #expect(late.map { "\($0.email) \($0.role.rawValue)" }
                == ["pat@acme.example assignee", "quinn@acme.example assignee", "jane@acme.example contact", "olive@agency.example agency_operator"])
        let both = ReminderRouting(facts: Self.facts, contacts: ["pat@acme.example"], operators: [])
        #expect(both.recipients(roles: [.assignee, .contact], assignees: assignees).map(\.email) == ["pat@acme.example", "quinn@acme.example"])
    }

    @Test func nobodyNamedOrNobodyReachableFallsBackToTheContactsSayingWhy() {
        let nobody = Self.routing.recipients(roles: [.assignee], assignees: [])
        #expect(nobody == [ReminderRecipient(email: "jane@acme.example", role: .assignee, reason: "compliance contact: nobody is named for this work")])
        let tips = ResponsibleParties.assignees(kind: .tipRespond, subject: Subject(.tip, "web-1"), cycleKey: "once", facts: Self.facts)
        let unreachable = Self.routing.recipients(roles: [.assignee], assignees: tips)
        #expect(unreachable.map(\.reason) == ["compliance contact: Tara Tips has no e-mail address"])
        #expect(Self.routing.responsible(assignees: tips).map { $0.person ?? $0.name } == ["T-1", "jane@acme.example"])
    }
}
