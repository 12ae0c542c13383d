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
    /// Why employment ended; required when it ended while a TNC was pending.
    public var terminationReason: String?
    public var citizenship: CitizenshipStatus?
    public var workAuthorizationExpires: CivilDate?
    /// The documents examined (at hire, or at the last reverification).
    public var documents = HireDocuments()
    /// A receipt shown instead of a document, if one was.
    public var receipt: Receipt?
    public var eVerifyRequired = true
    /// Why the hire has no E-Verify case (only with `eVerifyRequired` false).
    public var noCaseReason: NoCaseReason?
    /// The day the job offer was accepted, if recorded (no pre-screening before it).
    public var offerAcceptedOn: CivilDate?
    /// The documents were examined remotely (DHS alternative procedure).
    public var remoteExamination = false
    /// The site (location id) the hire works at, if recorded.
    public var site: String?
    /// The day of the last rehire on Supplement B of this Form I-9, if any.
    public var rehiredOn: CivilDate?
    /// The person assigned to prepare this hire's Form I-9 (Section 2, receipts,
    /// reverification): their reminders go to them (a recorded person's id).
    public var preparerID: String?
    public var i9 = I9Record()
    public var eVerifyCase: EVerifyCaseRecord?

    public init(externalID: String, startDate: CivilDate) {
        self.externalID = externalID
        self.startDate = startDate
    }

    /// The hire as the Compliance rules see it.
    public var complianceHire: Hire {
        var hire = Hire(id: externalID, startDate: startDate, jobBusinessDays: jobBusinessDays, citizenship: citizenship,
             workAuthorizationExpires: workAuthorizationExpires,
             documents: documents.all, receipt: receipt, reverification: i9.reverification,
             section2CompletedOn: i9.section2CompletedOn,
             terminationDate: terminationDate, eVerifyRequired: eVerifyRequired)
        hire.rehiredOn = rehiredOn
        return hire
    }
}

extension HireRecord {
    /// The facts the hiring safeguards judge.
    public var safeguardFacts: HiringSafeguardFacts {
        var facts = HiringSafeguardFacts()
        facts.eVerifyRequired = eVerifyRequired
        facts.noCaseReason = noCaseReason
        facts.offerAcceptedOn = offerAcceptedOn
        facts.section1CompletedOn = i9.section1CompletedOn
        facts.section2CompletedOn = i9.section2CompletedOn
        facts.caseCreatedOn = eVerifyCase?.createdOn
        facts.terminationDate = terminationDate
        facts.terminationReason = terminationReason
        facts.tncIssuedOn = eVerifyCase?.tncIssuedOn
        facts.tncResolvedOn = eVerifyCase.flatMap { $0.finalResultOn ?? $0.closedOn }
        return facts
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
    /// The last reverification recorded on Supplement B.
    public var reverification: Reverification?

    public init() {}
}

/// The Form I-9 documents of a hire: one List A document, or a List B and a List C
/// document (each optional until recorded).
public struct HireDocuments: Sendable, Equatable {
    public var listA: IdentityDocument?
    public var listB: IdentityDocument?
    public var listC: IdentityDocument?

    public init(listA: IdentityDocument? = nil, listB: IdentityDocument? = nil, listC: IdentityDocument? = nil) {
        self.listA = listA
        self.listB = listB
        self.listC = listC
    }

    /// The recorded documents, List A first.
    public var all: [IdentityDocument] { [listA, listB, listC].compactMap { $0 } }

    /// The document of `list`.
    public subscript(list: DocumentList) -> IdentityDocument? {
        get {
            switch list {
            case .a: listA
            case .b: listB
            case .c: listC
            }
        }
        set {
            switch list {
            case .a: listA = newValue
            case .b: listB = newValue
            case .c: listC = newValue
            }
        }
    }

    /// The documents of the legacy pair `document_list` / `document_expires`: one
    /// document of that list whose kind was not recorded.
    public init(legacyList list: DocumentList?, expires: CivilDate?) {
        self.init()
        if let list { self[list] = IdentityDocument(list: list, expires: expires) }
    }
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
