/// What a document examined for Form I-9 is, where the kind changes a rule. Each kind
/// belongs to one list; `list_a`, `list_b` and `list_c` stand for a document of that
/// list whose kind was not recorded. Raw values are stable: the database, the CSV
/// columns and the API use them.
public enum DocumentKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// U.S. passport or passport card.
    case usPassport = "us_passport"
    /// Permanent Resident Card (Form I-551): never reverified.
    case permanentResidentCard = "permanent_resident_card"
    /// Foreign passport with a temporary I-551 stamp or a printed immigrant visa
    /// (MRIV): temporary evidence of permanent residence, reverified when it expires
    /// (USCIS M-274 §7.1).
    case temporaryI551 = "temporary_i551"
    /// Employment Authorization Document (Form I-766): may carry an automatic extension.
    case ead
    /// Foreign passport with Form I-94 endorsing nonimmigrant status.
    case foreignPassportI94 = "foreign_passport_i94"
    /// Another List A document.
    case listA = "list_a"
    /// Driver's license.
    case driversLicense = "drivers_license"
    /// State ID card.
    case stateID = "state_id"
    /// Another List B document.
    case listB = "list_b"
    /// Unrestricted Social Security card: never expires.
    case ssnCard = "ssn_card"
    /// U.S. birth certificate: never expires.
    case birthCertificate = "birth_certificate"
    /// Employment authorization document issued by DHS (List C #7).
    case dhsEmploymentAuthorization = "dhs_employment_authorization"
    /// An expired conditional Form I-551 with the Form I-797 of a petition to remove
    /// the conditions (I-751 or I-829): List C #7, valid to the extension the notice
    /// states, then reverified (USCIS I-9 Central).
    case conditionalI551WithI797 = "conditional_i551_with_i797"
    /// Another List C document.
    case listC = "list_c"

    /// The Form I-9 list the kind belongs to.
    public var list: DocumentList {
        switch self {
        case .usPassport, .permanentResidentCard, .temporaryI551, .ead, .foreignPassportI94, .listA: .a
        case .driversLicense, .stateID, .listB: .b
        case .ssnCard, .birthCertificate, .dhsEmploymentAuthorization, .conditionalI551WithI797, .listC: .c
        }
    }

    /// What forms call the kind.
    public var title: String {
        switch self {
        case .usPassport: "U.S. passport or passport card"
        case .permanentResidentCard: "Permanent Resident Card (Form I-551)"
        case .temporaryI551: "Foreign passport with a temporary I-551 stamp or immigrant visa"
        case .ead: "Employment Authorization Document (Form I-766)"
        case .foreignPassportI94: "Foreign passport with Form I-94"
        case .listA: "Another List A document"
        case .driversLicense: "Driver's license"
        case .stateID: "State ID card"
        case .listB: "Another List B document"
        case .ssnCard: "Social Security card (unrestricted)"
        case .birthCertificate: "U.S. birth certificate"
        case .dhsEmploymentAuthorization: "DHS employment authorization document (List C #7)"
        case .conditionalI551WithI797: "Expired conditional Form I-551 with Form I-797 (I-751, I-829)"
        case .listC: "Another List C document"
        }
    }

    /// The generic kind of `list` (a document whose kind was not recorded).
    public static func unspecified(_ list: DocumentList) -> DocumentKind {
        switch list {
        case .a: .listA
        case .b: .listB
        case .c: .listC
        }
    }

    /// The kinds of `list`, for forms and error messages.
    public static func kinds(of list: DocumentList) -> [DocumentKind] {
        allCases.filter { $0.list == list }
    }

    /// Temporary evidence of permanent residence: reverified when it expires, even
    /// though Section 1 attests permanent residence (USCIS M-274 §7.1).
    public var isTemporaryResidenceEvidence: Bool { self == .temporaryI551 || self == .conditionalI551WithI797 }
}
