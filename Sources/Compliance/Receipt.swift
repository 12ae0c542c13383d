/// A receipt shown instead of a document (8 CFR 274a.2(b)(1)(vi); USCIS M-274 §4.3).
public enum ReceiptKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A receipt for the replacement of a lost, stolen or damaged document: the
    /// replacement is due within 90 days of the start.
    case replacement
    /// Form I-94 with a temporary I-551 stamp: the Form I-551 is due when the stamp
    /// expires, or one year from admission when it has no expiry.
    case temporaryI551 = "temporary_i551"
    /// Form I-94 with a refugee admission stamp: within 90 days, an EAD, or an unexpired
    /// List B document with an unrestricted Social Security card.
    case refugeeI94 = "refugee_i94"
    /// A receipt for a replacement document shown at reverification: the document is
    /// due 90 days from the expiry that was reverified.
    case reverification

    /// What forms call the receipt.
    public var title: String {
        switch self {
        case .replacement: "Receipt for a lost, stolen or damaged document (90 days)"
        case .temporaryI551: "Form I-94 with a temporary I-551 stamp"
        case .refugeeI94: "Refugee Form I-94 with an admission stamp (90 days)"
        case .reverification: "Receipt for a replacement shown at reverification (90 days)"
        }
    }
}

/// A receipt on a hire, with the day its document is due when the receipt sets it.
public struct Receipt: Hashable, Sendable, Codable {
    public let kind: ReceiptKind
    /// For ``ReceiptKind/temporaryI551``: the stamp's expiry, or one year from admission.
    /// For ``ReceiptKind/reverification``: the expiry that was reverified.
    public let date: CivilDate?

    public init(_ kind: ReceiptKind, date: CivilDate? = nil) {
        self.kind = kind
        self.date = date
    }
}

/// A reverification recorded on Supplement B: the day it was done and the expiry it
/// answered (the reverification due date at the time).
public struct Reverification: Hashable, Sendable, Codable {
    public let on: CivilDate
    public let answered: CivilDate

    public init(on: CivilDate, answered: CivilDate) {
        self.on = on
        self.answered = answered
    }
}
