import Compliance

/// A reverification recorded on Supplement B: the day, and what the employee chose to
/// present — a List A or List C document, or a receipt for a replacement of one
/// (`attest i9 reverify`, `POST /v1/hires/{id}/i9/reverify`, the console's hire page).
public struct ReverificationEntry: Sendable, Equatable {
    public var on: CivilDate
    /// The document presented (List A or List C), nil when a receipt was shown.
    public var document: IdentityDocument?
    /// A receipt for a replacement document was shown instead (due 90 days from the expiry).
    public var receipt: Bool

    public init(on: CivilDate, document: IdentityDocument?, receipt: Bool = false) {
        self.on = on
        self.document = document
        self.receipt = receipt
    }

    /// Records the reverification on `hire`, or refuses it with the rule that forbids
    /// it: never for a hire the rules exempt (citizens, nationals, Form I-551 holders,
    /// List B documents), never with a List B document, and a document or a receipt,
    /// not both. When a receipt shown at reverification is pending, the document
    /// recorded is its replacement.
    func apply(to hire: inout HireRecord, rules: ComplianceRules) throws {
        try validate(against: hire)
        if let pending = hire.receipt, pending.kind == .reverification, hire.i9.receiptDocumentReceivedOn == nil, let document {
            replace(with: document, in: &hire)
            hire.i9.receiptDocumentReceivedOn = on
            return
        }
        let compliance = hire.complianceHire
        if let exemption = rules.reverificationExemption(compliance) {
            throw RecordViolation(field: "reverification", "hire \(hire.externalID) may not be reverified: \(exemption)")
        }
        guard let due = rules.reverificationDueDate(compliance) else {
            throw RecordViolation(field: "reverification", "hire \(hire.externalID) has no reverification due")
        }
        hire.i9.reverification = Reverification(on: on, answered: due)
        if let document {
            replace(with: document, in: &hire)
        } else {
            hire.receipt = Receipt(.reverification, date: due)
            hire.i9.receiptDocumentReceivedOn = nil
        }
    }

    private func validate(against hire: HireRecord) throws {
        let field = "reverification"
        switch (document, receipt) {
        case (nil, false):
            throw RecordViolation(field: field, "record the List A or List C document the employee chose to present, or that a receipt was shown")
        case (.some, true):
            throw RecordViolation(field: field, "record either the document presented or a receipt, not both")
        case (let document?, false) where document.list == .b:
            throw RecordViolation(field: "list_b_document", "List B documents are never used for reverification: the employee "
                                  + "presents a List A or List C document of their choice (USCIS M-274 §6.1)")
        default:
            break
        }
        if on < hire.startDate {
            throw RecordViolation(field: "on", "the reverification (\(on)) is before the start date \(hire.startDate)")
        }
        if let pending = hire.receipt, pending.kind != .reverification, hire.i9.receiptDocumentReceivedOn == nil {
            throw RecordViolation(field: "receipt", "the receipt shown at hire (\(pending.kind.rawValue)) is still open: record "
                                  + "the document it stands for first (`attest i9 receive-document`)")
        }
    }

    /// The documents after the employee presented `document`: a List A document stands
    /// alone; a List C document replaces the List C one, the List B one stays.
    private func replace(with document: IdentityDocument, in hire: inout HireRecord) {
        if document.list == .a {
            hire.documents = HireDocuments(listA: document)
        } else {
            hire.documents.listA = nil
            hire.documents.listC = document
        }
    }
}
