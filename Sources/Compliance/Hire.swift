/// Citizenship or immigration status attested in Form I-9 Section 1.
public enum CitizenshipStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case citizen
    case national
    case permanentResident = "permanent_resident"
    case alienAuthorized = "alien_authorized"

    /// Never reverified (USCIS M-274 §6): citizens, nationals, permanent residents.
    public var isExemptFromReverification: Bool { self != .alienAuthorized }
}

/// The Form I-9 list a document belongs to.
public enum DocumentList: String, Hashable, Sendable, Codable, CaseIterable {
    /// Identity and employment authorization.
    case a
    /// Identity only: never reverified.
    case b
    /// Employment authorization only.
    case c
}

/// A document examined for Section 2, with its expiry.
public struct IdentityDocument: Hashable, Sendable, Codable {
    public let list: DocumentList
    public let expires: CivilDate?

    public init(list: DocumentList, expires: CivilDate?) {
        self.list = list
        self.expires = expires
    }
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
    /// Documents examined in Section 2.
    public var documents: [IdentityDocument]
    /// A receipt for a replacement document was shown (the 90-day receipt rule).
    public var receiptShown: Bool
    /// When Section 2 was completed, if it was (the secondary review counts from it).
    public var section2CompletedOn: CivilDate?
    /// Last day of employment, once known.
    public var terminationDate: CivilDate?
    /// Whether an E-Verify case is required (every new hire of an IMAGE member).
    public var eVerifyRequired: Bool

    public init(
        id: String, startDate: CivilDate, jobBusinessDays: Int? = nil, citizenship: CitizenshipStatus? = nil,
        workAuthorizationExpires: CivilDate? = nil, documents: [IdentityDocument] = [], receiptShown: Bool = false,
        section2CompletedOn: CivilDate? = nil, terminationDate: CivilDate? = nil, eVerifyRequired: Bool = true
    ) {
        self.id = id
        self.startDate = startDate
        self.jobBusinessDays = jobBusinessDays
        self.citizenship = citizenship
        self.workAuthorizationExpires = workAuthorizationExpires
        self.documents = documents
        self.receiptShown = receiptShown
        self.section2CompletedOn = section2CompletedOn
        self.terminationDate = terminationDate
        self.eVerifyRequired = eVerifyRequired
    }
}
