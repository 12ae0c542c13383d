import Compliance

/// A hire as Attest stores it: the employment facts, its Form I-9 and (optionally)
/// its E-Verify case. Never a Social Security number.
public struct HireRecord: Sendable, Equatable {
    /// The HR system's employee id (`E-1042`): letters, digits, `.`, `_`, `-`.
    public var externalID: String
    public var startDate: CivilDate
    /// Length of the job in business days, when shorter than open-ended.
    public var jobBusinessDays: Int?
    public var terminationDate: CivilDate?
    public var citizenship: CitizenshipStatus?
    public var workAuthorizationExpires: CivilDate?
    public var documentList: DocumentList?
    public var documentExpires: CivilDate?
    public var receiptShown = false
    public var eVerifyRequired = true
    public var i9 = I9Record()
    public var eVerifyCase: EVerifyCaseRecord?

    public init(externalID: String, startDate: CivilDate) {
        self.externalID = externalID
        self.startDate = startDate
    }

    /// The hire as the Compliance rules see it.
    public var complianceHire: Hire {
        Hire(id: externalID, startDate: startDate, jobBusinessDays: jobBusinessDays, citizenship: citizenship,
             workAuthorizationExpires: workAuthorizationExpires,
             documents: documentList.map { [IdentityDocument(list: $0, expires: documentExpires)] } ?? [],
             receiptShown: receiptShown, section2CompletedOn: i9.section2CompletedOn,
             terminationDate: terminationDate, eVerifyRequired: eVerifyRequired)
    }
}

/// The Form I-9 facts of a hire.
public struct I9Record: Sendable, Equatable {
    public var section1CompletedOn: CivilDate?
    public var section2CompletedOn: CivilDate?
    /// Person (external id) who completed Section 2.
    public var preparerID: String?
    /// Person (external id) who made the secondary review.
    public var reviewerID: String?
    public var reviewedOn: CivilDate?
    public var receiptDocumentReceivedOn: CivilDate?

    public init() {}
}

/// An E-Verify case of a hire.
public struct EVerifyCaseRecord: Sendable, Equatable {
    /// Status values as E-Verify names them.
    public enum Status: String, Sendable, CaseIterable {
        case open, tnc, referred
        case employmentAuthorized = "employment_authorized"
        case finalNonconfirmation = "final_nonconfirmation"
        case closed
    }

    /// Why a case was created after the 3rd business day (E-Verify accepts these).
    public enum LateReason: String, Sendable, CaseIterable {
        case eVerifyOutage = "everify_outage"
        case ssnAwaited = "ssn_awaited"
        case other
    }

    public var caseNumber: String
    public var createdOn: CivilDate
    public var status: Status = .open
    public var tncIssuedOn: CivilDate?
    public var referredOn: CivilDate?
    public var finalResultOn: CivilDate?
    public var closedOn: CivilDate?
    public var closureReason: String?
    public var lateReason: LateReason?

    public init(caseNumber: String, createdOn: CivilDate) {
        self.caseNumber = caseNumber
        self.createdOn = createdOn
    }

    /// The case as the Compliance rules see it.
    public var complianceCase: EVerifyCase {
        EVerifyCase(id: caseNumber, createdOn: createdOn, tncIssuedOn: tncIssuedOn, referredOn: referredOn,
                    finalResultOn: finalResultOn ?? closedOn)
    }
}
