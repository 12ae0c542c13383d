import Foundation
import ArgumentParser
import Compliance
import Storage

/// The Form I-9 document and receipt options of `attest hire add` and `attest deadlines`.
struct DocumentOptions: ParsableArguments {
    @Option(help: "List A document: \(HireDocumentFields.kindNames(.a)).") var listADocument: DocumentKind?
    @Option(help: "Expiry of the List A document.", transform: civilDate) var listAExpires: CivilDate?
    @Option(help: "Filing day of the EAD's renewal (Form I-797C): its automatic extension.", transform: civilDate)
    var eadRenewalFiledOn: CivilDate?
    @Option(help: "End of the List A document's extension stated by a notice (TPS Federal Register notice, Form I-797).",
            transform: civilDate)
    var listAExtendedUntil: CivilDate?
    @Option(help: "List B document: \(HireDocumentFields.kindNames(.b)).") var listBDocument: DocumentKind?
    @Option(help: "Expiry of the List B document.", transform: civilDate) var listBExpires: CivilDate?
    @Option(help: "List C document: \(HireDocumentFields.kindNames(.c)).") var listCDocument: DocumentKind?
    @Option(help: "Expiry of the List C document.", transform: civilDate) var listCExpires: CivilDate?
    @Option(help: "End of the List C document's extension stated by a Form I-797 (I-751, I-829).", transform: civilDate)
    var listCExtendedUntil: CivilDate?
    @Option(help: "A receipt shown instead of a document: replacement, temporary_i551 or refugee_i94.") var receipt: ReceiptKind?
    @Option(help: "For a temporary_i551 receipt: the stamp's expiry, or one year from admission.", transform: civilDate)
    var receiptValidUntil: CivilDate?
    @Option(help: "Older form: the list (a, b or c) of the one document recorded, kind not given.") var documentList: DocumentList?
    @Option(help: "Older form: that document's expiry.", transform: civilDate) var documentExpires: CivilDate?

    /// The documents and receipt, or a usage error naming the options at fault.
    func resolve() throws -> (HireDocuments, Receipt?) {
        switch fields.resolve() {
        case .success(let resolved):
            return resolved
        case .failure(let error):
            throw ValidationError(error.problems.map(\.optionDescription).joined(separator: "\n"))
        }
    }

    private var fields: HireDocumentFields {
        var fields = HireDocumentFields()
        (fields.listAKind, fields.listAExpires, fields.eadRenewalFiledOn) = (listADocument, listAExpires, eadRenewalFiledOn)
        (fields.listAExtendedUntil, fields.listBKind, fields.listBExpires) = (listAExtendedUntil, listBDocument, listBExpires)
        (fields.listCKind, fields.listCExpires, fields.listCExtendedUntil) = (listCDocument, listCExpires, listCExtendedUntil)
        (fields.receipt, fields.receiptValidUntil) = (receipt, receiptValidUntil)
        (fields.legacyList, fields.legacyExpires) = (documentList, documentExpires)
        return fields
    }
}

extension RecordViolation {
    /// The violation with its field named as a command-line option (`--list-a-document: …`).
    var optionDescription: String {
        "--\(field.replacingOccurrences(of: "_", with: "-")): \(message)"
    }
}

extension DocumentKind: ExpressibleByArgument {}
extension ReceiptKind: ExpressibleByArgument {}
