/// Citizenship or immigration status attested in Form I-9 Section 1.
public enum CitizenshipStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case citizen
    case national
    case permanentResident = "permanent_resident"
    case alienAuthorized = "alien_authorized"

    /// What forms and reports call the status.
    public var title: String {
        switch self {
        case .citizen: "U.S. citizen"
        case .national: "Noncitizen national"
        case .permanentResident: "Lawful permanent resident"
        case .alienAuthorized: "Noncitizen authorized to work"
        }
    }

    /// Never reverified (USCIS M-274 §6): citizens, nationals, and permanent residents
    /// (unless they showed temporary evidence of permanent residence).
    public var isExemptFromReverification: Bool { self != .alienAuthorized }
}

/// A hire: the facts the I-9 and E-Verify deadlines follow from.
public struct Hire: Hashable, Sendable {
    /// Record identifier (used in source keys).
    public var id: String
    /// First day of work for pay.
    public var startDate: CivilDate
    /// Expected length of the job in business days, if it is known to be short.
    public var jobBusinessDays: Int?
    /// Section 1 attestation; nil when not yet known.
    public var citizenship: CitizenshipStatus?
    /// Work authorization expiry from Section 1 (aliens authorized to work).
    public var workAuthorizationExpires: CivilDate?
    /// Documents examined in Section 2 (or at the last reverification): one List A
    /// document, or a List B and a List C document.
    public var documents: [IdentityDocument]
    /// A receipt shown instead of a document, if one was.
    public var receipt: Receipt?
    /// The last reverification recorded on Supplement B, if any.
    public var reverification: Reverification?
    /// When Section 2 was completed, if it was (the secondary review counts from it).
    public var section2CompletedOn: CivilDate?
    /// Last day of employment, once known.
    public var terminationDate: CivilDate?
    /// The day the employee was last rehired on Supplement B of this Form I-9, if ever.
    public var rehiredOn: CivilDate?
    /// Whether an E-Verify case is required (every new hire of an IMAGE member).
    public var eVerifyRequired: Bool

    public init(
        id: String, startDate: CivilDate, jobBusinessDays: Int? = nil, citizenship: CitizenshipStatus? = nil,
        workAuthorizationExpires: CivilDate? = nil, documents: [IdentityDocument] = [], receipt: Receipt? = nil,
        reverification: Reverification? = nil, section2CompletedOn: CivilDate? = nil, terminationDate: CivilDate? = nil, eVerifyRequired: Bool = true
    ) {
        self.id = id
        self.startDate = startDate
        self.jobBusinessDays = jobBusinessDays
        self.citizenship = citizenship
        self.workAuthorizationExpires = workAuthorizationExpires
        self.documents = documents
        self.receipt = receipt
        self.reverification = reverification
        self.section2CompletedOn = section2CompletedOn
        self.terminationDate = terminationDate
        self.eVerifyRequired = eVerifyRequired
    }
}
