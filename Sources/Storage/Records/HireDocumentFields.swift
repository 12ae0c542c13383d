import Compliance

/// The document and receipt fields of a hire as every surface names them (CSV
/// columns, API fields, command options, console inputs), parsed but not yet
/// combined. ``resolve()`` combines them or names each field at fault.
///
/// The legacy pair `document_list` / `document_expires` and the flag `receipt_shown`
/// are still read: they stand for a document of that list whose kind was not
/// recorded, and for a receipt for a replacement document.
public struct HireDocumentFields: Sendable, Equatable {
    public var listAKind: DocumentKind?, listAExpires: CivilDate?
    public var eadRenewalFiledOn: CivilDate?, listAExtendedUntil: CivilDate?
    public var listBKind: DocumentKind?, listBExpires: CivilDate?
    public var listCKind: DocumentKind?, listCExpires: CivilDate?, listCExtendedUntil: CivilDate?
    public var receipt: ReceiptKind?, receiptValidUntil: CivilDate?
    public var legacyList: DocumentList?, legacyExpires: CivilDate?, legacyReceiptShown: Bool?

    /// The field names, as CSV columns and API keys, in the order forms show them.
    public static let names = [
        "list_a_document", "list_a_expires", "ead_renewal_filed_on", "list_a_extended_until",
        "list_b_document", "list_b_expires", "list_c_document", "list_c_expires", "list_c_extended_until",
        "receipt", "receipt_valid_until", "document_list", "document_expires", "receipt_shown",
    ]

    /// The kinds a `list_X_document` field accepts, for messages and forms.
    public static func kindNames(_ list: DocumentList) -> String {
        DocumentKind.kinds(of: list).map(\.rawValue).joined(separator: ", ")
    }

    public init() {}

    /// The fields of a stored hire (what a form shows before it is edited).
    public init(_ hire: HireRecord) {
        let documents = hire.documents
        listAKind = documents.listA?.kind
        listAExpires = documents.listA?.expires
        eadRenewalFiledOn = documents.listA?.renewalFiledOn
        listAExtendedUntil = documents.listA?.extendedUntil
        listBKind = documents.listB?.kind
        listBExpires = documents.listB?.expires
        listCKind = documents.listC?.kind
        listCExpires = documents.listC?.expires
        listCExtendedUntil = documents.listC?.extendedUntil
        if hire.receipt?.kind != .reverification {
            receipt = hire.receipt?.kind
            receiptValidUntil = hire.receipt?.date
        }
    }

    /// The documents and receipt the fields describe, or every problem, each naming
    /// its field.
    public func resolve() -> Result<(HireDocuments, Receipt?), ResolveError> {
        var problems: [RecordViolation] = []
        func problem(_ field: String, _ message: String) { problems.append(RecordViolation(field: field, message)) }
        let usesLegacy = legacyList != nil || legacyExpires != nil
        let usesLists = [listAKind, listBKind, listCKind].contains { $0 != nil }
            || [listAExpires, listBExpires, listCExpires, eadRenewalFiledOn, listAExtendedUntil, listCExtendedUntil].contains { $0 != nil }
        if usesLegacy, usesLists {
            problem("document_list", "give the documents as list_a_document … list_c_document, or the older document_list and document_expires, not both")
        }
        if legacyExpires != nil, legacyList == nil { problem("document_list", "is required when document_expires is given") }
        if legacyReceiptShown == true, receipt != nil { problem("receipt_shown", "give receipt, or the older receipt_shown, not both") }
        if eadRenewalFiledOn != nil, listAExtendedUntil != nil {
            problem("list_a_extended_until", "give ead_renewal_filed_on (an automatic extension) or list_a_extended_until (a notice's date), not both")
        }
        if receipt == .reverification { problem("receipt", "a receipt at reverification is recorded with the reverification, not on the hire") }
        if receiptValidUntil != nil, receipt != .temporaryI551 { problem("receipt_valid_until", "applies only to receipt temporary_i551") }
        if receipt == .temporaryI551, receiptValidUntil == nil {
            problem("receipt_valid_until", "is required with receipt temporary_i551: the stamp's expiry, or one year from admission")
        }
        let a = document(.a, listAKind, listAExpires, DocumentExtension(renewalFiledOn: eadRenewalFiledOn, extendedUntil: listAExtendedUntil), &problems)
        let b = document(.b, listBKind, listBExpires, nil, &problems)
        let c = document(.c, listCKind, listCExpires, DocumentExtension(renewalFiledOn: nil, extendedUntil: listCExtendedUntil), &problems)
        if a != nil, b != nil || c != nil {
            problem("list_a_document", "the employee presents one List A document, or one List B and one List C document, not both")
        }
        guard problems.isEmpty else { return .failure(ResolveError(problems: problems)) }
        let documents = usesLegacy ? HireDocuments(legacyList: legacyList, expires: legacyExpires) : HireDocuments(listA: a, listB: b, listC: c)
        let shown = receipt.map { Receipt($0, date: receiptValidUntil) } ?? (legacyReceiptShown == true ? Receipt(.replacement) : nil)
        return .success((documents, shown))
    }

    private func document(_ list: DocumentList, _ kind: DocumentKind?, _ expires: CivilDate?, _ extensionOfValidity: DocumentExtension?,
                          _ problems: inout [RecordViolation]) -> IdentityDocument? {
        let field = "list_\(list.rawValue)_document"
        guard let kind else {
            if expires != nil || extensionOfValidity != nil { problems.append(RecordViolation(field: field, "is required with its expiry or extension")) }
            return nil
        }
        guard kind.list == list else {
            problems.append(RecordViolation(field: field, "\(kind.rawValue) is a List \(kind.list.rawValue.uppercased()) document; "
                                            + "List \(list.rawValue.uppercased()) documents are \(Self.kindNames(list))"))
            return nil
        }
        return IdentityDocument(kind: kind, expires: expires, extension: extensionOfValidity)
    }

    /// Every problem of a set of document fields.
    public struct ResolveError: Error, Sendable, Equatable {
        public let problems: [RecordViolation]
    }
}
