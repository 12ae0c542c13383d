import Compliance

/// The obligations a hire (and its E-Verify case) gives rise to, and the ones its
/// records show as done.
public enum HireObligations {
    /// Derives the obligations of `hires` and the completions their records prove.
    public static func derive(_ hires: [HireRecord], rules: ComplianceRules) throws -> (subjects: [Subject], derived: [Obligation], completions: [Completion]) {
        var subjects: [Subject] = [], derived: [Obligation] = [], completions: [Completion] = []
        subjects.reserveCapacity(hires.count * 2)
        derived.reserveCapacity(hires.count * 6)
        for hire in hires {
            subjects.append(Subject(.hire, hire.externalID))
            var obligations = try rules.obligations(for: hire.complianceHire)
            if let eVerifyCase = hire.eVerifyCase {
                subjects.append(Subject(.eVerifyCase, eVerifyCase.caseNumber))
                obligations += try rules.obligations(for: eVerifyCase.complianceCase)
            }
            for obligation in obligations {
                derived.append(obligation)
                if let (on, evidence) = proof(of: obligation, in: hire) {
                    completions.append(Completion(sourceKey: obligation.sourceKey, on: on, evidence: evidence))
                }
            }
        }
        return (subjects, derived, completions)
    }

    /// When and how the hire's records show an obligation of `kind` done, if they do.
    static func proof(of obligation: Obligation, in hire: HireRecord) -> (CivilDate, String)? {
        let i9 = hire.i9, c = hire.eVerifyCase
        switch obligation.kind {
        case .i9Section1:
            return i9.section1CompletedOn.map { ($0, "i9 section 1 completed") }
        case .i9Section2:
            return i9.section2CompletedOn.map { ($0, "i9 section 2 completed by \(i9.preparerID ?? "?")") }
        case .i9SecondaryReview:
            return i9.reviewedOn.map { ($0, "i9 reviewed by \(i9.reviewerID ?? "?")") }
        case .i9ReceiptDocument:
            return i9.receiptDocumentReceivedOn.map { ($0, "replacement document received") }
        case .i9Reverification:
            guard let done = i9.reverification, done.answered == obligation.dueDate else { return nil }
            return (done.on, "reverified on Supplement B")
        case .eVerifyCaseCreation:
            return c.map { ($0.createdOn, "everify case \($0.caseNumber)") }
        case .eVerifyTNCEmployerAction:
            return c.flatMap { c in (c.referredOn ?? c.closedOn).map { ($0, "everify case \(c.caseNumber) referred or closed") } }
        case .eVerifyTNCEmployeeContact:
            return c.flatMap { c in (c.finalResultOn ?? c.closedOn).map { ($0, "everify case \(c.caseNumber) resolved") } }
        case .eVerifyCaseClosure:
            return c.flatMap { c in c.closedOn.map { ($0, "everify case \(c.caseNumber) closed") } }
        default:
            return nil
        }
    }
}
