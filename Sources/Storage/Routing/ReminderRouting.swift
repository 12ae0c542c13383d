import Compliance

/// One address a reminder goes to, the step of the escalation ladder that reached it,
/// and why (shown in the e-mail).
public struct ReminderRecipient: Sendable, Equatable {
    public let email: String
    public let role: RecipientRole
    public let reason: String

    public init(email: String, role: RecipientRole, reason: String) {
        self.email = email
        self.role = role
        self.reason = reason
    }
}

/// Someone who must act on an obligation, as the agenda shows them: a responsible
/// person, or a compliance contact standing in for nobody.
public struct Responsibility: Sendable, Equatable, Codable {
    /// The person's id; nil for a tenant contact.
    public var person: String?
    public var name: String
    /// Where their reminders go (nil: the person has no address; the contacts receive them).
    public var email: String?
    public var reason: String
}

/// Who receives a tenant's reminders: the records' facts (who is responsible for what)
/// and the tenant's contacts, compliance and operator, loaded once per pass by
/// ``RoutingRepository``.
public struct ReminderRouting: Sendable {
    public let facts: RoutingFacts
    /// The tenant's compliance contacts, in address order.
    public let contacts: [String]
    /// The agency's operator (and escalation) contacts for the tenant, in address order.
    public let operators: [String]

    public init(facts: RoutingFacts, contacts: [String], operators: [String]) {
        self.facts = facts
        self.contacts = contacts
        self.operators = operators
    }

    /// The people responsible for an obligation (``ResponsibleParties``).
    public func assignees(kind: ObligationKind, subject: Subject, cycleKey: String) -> [Assignee] {
        ResponsibleParties.assignees(kind: kind, subject: subject, cycleKey: cycleKey, facts: facts)
    }

    /// Who must act, for the agenda: the responsible people (with or without an address),
    /// and the compliance contacts when none of them can be reached.
    public func responsible(assignees: [Assignee]) -> [Responsibility] {
        let people = assignees.map { Responsibility(person: $0.personID, name: $0.name, email: $0.email, reason: $0.reason) }
        guard !assignees.contains(where: { $0.email != nil }) else { return people }
        let stand = recipients(roles: [.assignee], assignees: assignees)
        return people + stand.map { Responsibility(person: nil, name: $0.email, email: $0.email, reason: $0.reason) }
    }

    /// The addresses of one reminder whose ladder step reaches `roles`: the responsible
    /// people who have an address (else the compliance contacts, saying why), then the
    /// contacts and the operators the ladder adds. An address appears once, for the
    /// first step that reached it.
    public func recipients(roles: [RecipientRole], assignees: [Assignee]) -> [ReminderRecipient] {
        var result: [ReminderRecipient] = []
        var seen = Set<String>()
        func add(_ email: String, _ role: RecipientRole, _ reason: String) {
            if seen.insert(email.lowercased()).inserted { result.append(ReminderRecipient(email: email, role: role, reason: reason)) }
        }
        for role in roles {
            switch role {
            case .assignee:
                let reachable = assignees.compactMap { assignee in assignee.email.map { (address: $0, reason: assignee.reason) } }
                for (address, reason) in reachable { add(address, .assignee, reason) }
                if reachable.isEmpty {
                    let why = assignees.isEmpty ? "compliance contact: nobody is named for this work"
                        : "compliance contact: \(assignees.map(\.name).joined(separator: ", ")) \(assignees.count == 1 ? "has" : "have") no e-mail address"
                    for contact in contacts { add(contact, .assignee, why) }
                }
            case .contact:
                for contact in contacts { add(contact, .contact, "compliance contact: this work is overdue") }
            case .agencyOperator:
                for address in operators { add(address, .agencyOperator, "agency operator: this work is overdue and was escalated") }
            }
        }
        return result
    }
}
