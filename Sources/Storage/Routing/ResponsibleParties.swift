import Compliance

/// A person responsible for an obligation, and why.
public struct Assignee: Sendable, Equatable {
    public let personID: String
    public let name: String
    /// Their e-mail address; without one, their reminders go to the tenant's contacts.
    public let email: String?
    /// Why they are responsible, e.g. "assigned preparer of this hire".
    public let reason: String
}

/// Who must act on an obligation, worked out from the records (issue 16):
///
/// - Form I-9 Sections 1 and 2, a receipt's replacement document and reverification:
///   the hire's assigned preparer, else the people with role `i9_preparer`;
/// - the secondary review: the reviewer named on the Form I-9, else the people with
///   role `i9_reviewer`, never the person who prepared that Section 2;
/// - E-Verify cases: the people with role `everify_user`;
/// - a training renewal: the person whose training expires;
/// - the annual audit: the year's internal auditor, else (an external firm, or no audit
///   scheduled yet) the people with role `auditor`;
/// - tips: the people with role `tip_handler`; no-match letters and the end of I-9
///   retention: `hr`;
/// - the program's own work (training program, policies, the annual report, the hiring
///   network, self-reports): nobody but the tenant's compliance contacts.
///
/// An empty answer means the tenant's compliance contacts act (the fallback).
public enum ResponsibleParties {
    /// The people responsible for an obligation of `kind` about `subject` in cycle
    /// `cycleKey`, in a stable order.
    public static func assignees(kind: ObligationKind, subject: Subject, cycleKey: String, facts: RoutingFacts) -> [Assignee] {
        switch kind {
        case .i9Section1, .i9Section2, .i9ReceiptDocument, .i9Reverification:
            preparers(hire: subject.id, facts)
        case .i9SecondaryReview:
            reviewers(hire: subject.id, facts)
        case .eVerifyCaseCreation, .eVerifyTNCEmployerAction, .eVerifyTNCEmployeeContact, .eVerifyCaseClosure:
            holding(.eVerifyUser, "E-Verify user (role everify_user)", facts)
        case .trainingRenewal:
            facts.person(subject.id).map { [assignee($0, "their own Form I-9 training expires")] } ?? []
        case .auditAnnual:
            auditors(year: cycleKey, facts)
        case .tipAcknowledge, .tipInvestigate, .tipRespond:
            holding(.tipHandler, "handles tips (role tip_handler)", facts)
        case .noMatchAcknowledge, .noMatchResolve, .i9RetentionEnd:
            holding(.hr, "HR (role hr)", facts)
        case .trainingProgramUpdate, .reportAnnual, .policyReview, .networkCommunication, .selfReportCorrect, .selfReportReport:
            []
        }
    }

    private static func preparers(hire: String, _ facts: RoutingFacts) -> [Assignee] {
        if let person = facts.person(facts.hires[hire]?.assignedPreparer) {
            return [assignee(person, "assigned preparer of this hire's Form I-9")]
        }
        return holding(.i9Preparer, "prepares Forms I-9 (role i9_preparer)", facts)
    }

    private static func reviewers(hire: String, _ facts: RoutingFacts) -> [Assignee] {
        let assignment = facts.hires[hire] ?? RoutingFacts.HireAssignment()
        let preparer = assignment.section2Preparer ?? assignment.assignedPreparer
        if let person = facts.person(assignment.reviewer), person.id != preparer {
            return [assignee(person, "named secondary reviewer of this Form I-9")]
        }
        return facts.people(with: .i9Reviewer).filter { $0.id != preparer }
            .map { assignee($0, "reviews Forms I-9 (role i9_reviewer), and did not prepare this Section 2") }
    }

    private static func auditors(year: String, _ facts: RoutingFacts) -> [Assignee] {
        let audit = facts.audits[year]
        if let person = facts.person(audit?.auditor) {
            return [assignee(person, "internal auditor of the \(year) Form I-9 audit")]
        }
        let why = audit?.firm.map { "auditor contact (role auditor) for the \(year) audit by \($0)" } ?? "auditor (role auditor)"
        return holding(.auditor, why, facts)
    }

    private static func holding(_ role: PersonRecord.Role, _ reason: String, _ facts: RoutingFacts) -> [Assignee] {
        facts.people(with: role).map { assignee($0, reason) }
    }

    private static func assignee(_ person: RoutingFacts.Person, _ reason: String) -> Assignee {
        Assignee(personID: person.id, name: person.name, email: person.email, reason: reason)
    }
}
