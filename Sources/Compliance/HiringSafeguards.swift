/// Why a hire has no E-Verify case. IMAGE members and the E-Verify MOU require a case
/// for every new hire (MOU Art. II.A.11: no selective use); these are the only
/// accepted reasons, and the annual report lists every hire without a case with its
/// reason. Raw values are stable.
public enum NoCaseReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// Employed before the employer enrolled in E-Verify (signed the MOU): E-Verify is
    /// for new hires, and may not be used on existing employees.
    case employedBeforeMOU = "employed_before_mou"
    /// An existing employee assigned to a federal contract, verified under the federal
    /// contractor rules (FAR 52.222-54) rather than as a new hire.
    case existingEmployeeFederalContract = "existing_employee_federal_contract"
    /// A rehire within three years whose earlier case was employment authorized, with
    /// the rehire recorded on Supplement B of the original Form I-9.
    case rehirePreviouslyVerified = "rehire_previously_verified"

    /// What forms call the reason.
    public var title: String {
        switch self {
        case .employedBeforeMOU: "Employed before the E-Verify MOU was signed"
        case .existingEmployeeFederalContract: "Existing employee on a federal contract (verified under the FAR rules)"
        case .rehirePreviouslyVerified: "Rehire within three years, verified before (Supplement B)"
        }
    }
}

/// A practice the records show was not followed, flagged for review (never a
/// verdict): pre-screening and selective use of E-Verify (E-Verify MOU Art. II.A;
/// DOJ IER guidance).
public enum SafeguardException: Hashable, Sendable, CustomStringConvertible {
    /// No E-Verify case and no recorded reason.
    case noCaseWithoutReason
    /// The case was created before the job offer was accepted (pre-screening).
    case caseBeforeOfferAccepted(caseCreated: CivilDate, offerAccepted: CivilDate)
    /// The case was created before Section 1 or Section 2 of Form I-9 was completed.
    case caseBeforeI9Completed(caseCreated: CivilDate, section: Int, completed: CivilDate)
    /// Section 1 was completed before the job offer was accepted.
    case section1BeforeOfferAccepted(section1: CivilDate, offerAccepted: CivilDate)
    /// Employment ended while a TNC was pending (with the reason recorded, if any).
    case terminatedDuringTNC(terminated: CivilDate, tncIssued: CivilDate, reason: String?)

    /// The rule a termination during a pending TNC goes against, as messages quote it.
    public static let noAdverseActionRule = "the E-Verify MOU forbids any adverse action (termination, suspension, delayed "
        + "training, withheld pay) because of a tentative nonconfirmation while it is pending (MOU Art. II.A.13–14)"

    /// Stable identifier (database, JSON, CSV).
    public var kind: String {
        switch self {
        case .noCaseWithoutReason: "no_case_without_reason"
        case .caseBeforeOfferAccepted: "case_before_offer_accepted"
        case .caseBeforeI9Completed: "case_before_i9_completed"
        case .section1BeforeOfferAccepted: "section1_before_offer_accepted"
        case .terminatedDuringTNC: "terminated_during_tnc"
        }
    }

    /// What happened and the rule it goes against.
    public var description: String {
        switch self {
        case .noCaseWithoutReason:
            "no E-Verify case and no recorded reason: E-Verify is used for every new hire, never selectively (E-Verify MOU Art. II.A.11)"
        case .caseBeforeOfferAccepted(let created, let offer):
            "E-Verify case created on \(created), before the job offer was accepted on \(offer): no pre-screening (E-Verify MOU Art. II.A.9)"
        case .caseBeforeI9Completed(let created, let section, let completed):
            "E-Verify case created on \(created), before Section \(section) of Form I-9 was completed on \(completed): a case follows the completed Form I-9 (E-Verify MOU Art. II.A.9–10)"
        case .section1BeforeOfferAccepted(let section1, let offer):
            "Section 1 completed on \(section1), before the job offer was accepted on \(offer) (Form I-9 instructions)"
        case .terminatedDuringTNC(let terminated, let tnc, let reason):
            "employment ended on \(terminated) while the TNC issued on \(tnc) was pending (reason recorded: \(reason.map { "\"\($0)\"" } ?? "none")): "
                + Self.noAdverseActionRule
        }
    }
}

/// The facts the hiring safeguards are judged on.
public struct HiringSafeguardFacts: Hashable, Sendable {
    public var eVerifyRequired = true
    public var noCaseReason: NoCaseReason?
    public var offerAcceptedOn: CivilDate?
    public var section1CompletedOn: CivilDate?
    public var section2CompletedOn: CivilDate?
    public var caseCreatedOn: CivilDate?
    public var terminationDate: CivilDate?
    public var terminationReason: String?
    /// The TNC of the hire's case, and the day it was resolved (final result or closure), if it was.
    public var tncIssuedOn: CivilDate?
    public var tncResolvedOn: CivilDate?

    public init() {}

    /// The TNC pending on the day employment ended, if one was (issued on or before it,
    /// not resolved before it).
    public var tncPendingAtTermination: CivilDate? {
        guard let ended = terminationDate, let tnc = tncIssuedOn, tnc <= ended, tncResolvedOn.map({ $0 > ended }) ?? true else { return nil }
        return tnc
    }

    /// The exceptions the facts show, in a fixed order.
    public var exceptions: [SafeguardException] {
        var found: [SafeguardException] = []
        if !eVerifyRequired, noCaseReason == nil { found.append(.noCaseWithoutReason) }
        if let created = caseCreatedOn {
            if let offer = offerAcceptedOn, created < offer { found.append(.caseBeforeOfferAccepted(caseCreated: created, offerAccepted: offer)) }
            if let section1 = section1CompletedOn, created < section1 {
                found.append(.caseBeforeI9Completed(caseCreated: created, section: 1, completed: section1))
            } else if let section2 = section2CompletedOn, created < section2 {
                found.append(.caseBeforeI9Completed(caseCreated: created, section: 2, completed: section2))
            }
        }
        if let section1 = section1CompletedOn, let offer = offerAcceptedOn, section1 < offer {
            found.append(.section1BeforeOfferAccepted(section1: section1, offerAccepted: offer))
        }
        if let tnc = tncPendingAtTermination, let ended = terminationDate {
            found.append(.terminatedDuringTNC(terminated: ended, tncIssued: tnc, reason: terminationReason))
        }
        return found
    }
}
