import Foundation
import Compliance
import Storage

/// The form that adds a hire, or changes the employment facts of a stored one — what
/// `attest hire add` and `POST …/hires` record (its I-9 and case are kept).
enum HireFactsForm {
    /// The id of the notice after a save.
    static let added = "hire-saved"
    /// What the hire's page says after a save.
    static let sentence = "Hire saved."

    static let fields: [FormField] = [
        FormField("employee_id", "Employee id", .text(maxLength: 64), hint: "The id in the client's HR system: letters, digits, . _ -"),
        FormField("start_date", "First day of work", .date),
        FormField("job_days", "Job length in business days", .text(maxLength: 4), required: false, hint: "Only for jobs of fewer than 3 business days."),
        FormField("citizenship", "Citizenship or immigration status (Section 1)", .choice(CitizenshipStatus.allCases.map {
            .init(value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "_", with: " "))
        }), required: false),
        FormField("work_authorization_expires", "Work authorization expires", .date, required: false),
        FormField("site", "Site", .text(maxLength: 64), required: false, hint: "The location id the hire works at."),
        FormField("preparer", "Assigned preparer (person id)", .text(maxLength: 64, suggestions: "people"), required: false,
                  hint: "Who prepares this hire's Form I-9: Section 2, receipt and reverification reminders go to them."),
        FormField("offer_accepted_on", "Job offer accepted on", .date, required: false,
                  hint: "No E-Verify case, and no Form I-9, before the offer was accepted."),
    ] + documentFields + [
        FormField("everify_required", "E-Verify case required", .checkbox, required: false),
        FormField("no_everify_reason", "Why there is no E-Verify case", .choice(NoCaseReason.allCases.map { .init(value: $0.rawValue, label: $0.title) }),
                  required: false, hint: "Only when the box above is cleared: E-Verify is used for every new hire."),
    ]

    /// The Form I-9 documents: one from List A, or one from List B and one from List C.
    static let documentFields: [FormField] = [
        FormField("list_a_document", "List A document", kinds(.a), required: false,
                  hint: "Or a List B and a List C document: the employee chooses which to present."),
        FormField("list_a_expires", "List A document expires", .date, required: false),
        FormField("ead_renewal_filed_on", "EAD renewal filed on (Form I-797C)", .date, required: false,
                  hint: "An expired EAD with a timely renewal is automatically extended; none for renewals filed on or after 2025-10-30."),
        FormField("list_a_extended_until", "List A extension ends (notice)", .date, required: false,
                  hint: "The date a TPS Federal Register notice or a Form I-797 extends the document to."),
        FormField("list_b_document", "List B document", kinds(.b), required: false),
        FormField("list_b_expires", "List B document expires", .date, required: false),
        FormField("list_c_document", "List C document", kinds(.c), required: false),
        FormField("list_c_expires", "List C document expires", .date, required: false),
        FormField("list_c_extended_until", "List C extension ends (Form I-797)", .date, required: false),
        FormField("receipt", "Receipt shown instead of a document", .choice(ReceiptKind.allCases.filter { $0 != .reverification }.map {
            .init(value: $0.rawValue, label: $0.title)
        }), required: false, hint: "Not acceptable for a job of fewer than 3 business days."),
        FormField("receipt_valid_until", "Temporary I-551 stamp valid until", .date, required: false,
                  hint: "The stamp's expiry, or one year from admission."),
        FormField("remote_examination", "Documents examined remotely (DHS alternative procedure)", .checkbox, required: false,
                  hint: "Only for an E-Verify participant in good standing; use it alike for every hire of a site."),
    ]

    private static func kinds(_ list: DocumentList) -> FormField.Kind {
        .choice(DocumentKind.kinds(of: list).map { .init(value: $0.rawValue, label: $0.title) })
    }

    /// The state of a fresh form (E-Verify required, as for every new hire).
    static var fresh: FormState {
        FormState(values: ["everify_required": "on"])
    }

    /// The hire the form describes, or nil with the problems in `input`.
    static func read(_ input: inout FormInput) -> HireRecord? {
        let id = input.text("employee_id", maxLength: 64), start = input.date("start_date")
        if let id, let problem = RecordRules.identifierProblem(id) { input.fail("employee_id", problem) }
        let jobDays = input.optionalText("job_days", maxLength: 4)
        var days: Int?
        if let jobDays {
            days = Int(jobDays).flatMap { (1...3_650).contains($0) ? $0 : nil }
            if days == nil { input.fail("job_days", "must be a whole number from 1 to 3650") }
        }
        let citizenship = input.optionalChoice("citizenship", CitizenshipStatus.self)
        let authorization = input.optionalDate("work_authorization_expires")
        let documents = readDocuments(&input)
        let offer = input.optionalDate("offer_accepted_on"), reason = input.optionalChoice("no_everify_reason", NoCaseReason.self)
        guard let id, let start, let documents, !input.state.hasErrors else { return nil }
        var hire = HireRecord(externalID: id, startDate: start)
        hire.jobBusinessDays = days
        hire.citizenship = citizenship
        hire.workAuthorizationExpires = authorization
        (hire.documents, hire.receipt) = documents
        hire.eVerifyRequired = input.checked("everify_required")
        hire.noCaseReason = reason
        hire.offerAcceptedOn = offer
        hire.remoteExamination = input.checked("remote_examination")
        hire.site = input.optionalText("site", maxLength: 64)
        hire.preparerID = input.optionalText("preparer", maxLength: 64)
        return hire
    }

    private static func readDocuments(_ input: inout FormInput) -> (HireDocuments, Receipt?)? {
        var fields = HireDocumentFields()
        fields.listAKind = input.optionalChoice("list_a_document", DocumentKind.self)
        fields.listAExpires = input.optionalDate("list_a_expires")
        fields.eadRenewalFiledOn = input.optionalDate("ead_renewal_filed_on")
        fields.listAExtendedUntil = input.optionalDate("list_a_extended_until")
        fields.listBKind = input.optionalChoice("list_b_document", DocumentKind.self)
        fields.listBExpires = input.optionalDate("list_b_expires")
        fields.listCKind = input.optionalChoice("list_c_document", DocumentKind.self)
        fields.listCExpires = input.optionalDate("list_c_expires")
        fields.listCExtendedUntil = input.optionalDate("list_c_extended_until")
        fields.receipt = input.optionalChoice("receipt", ReceiptKind.self)
        fields.receiptValidUntil = input.optionalDate("receipt_valid_until")
        switch fields.resolve() {
        case .success(let resolved):
            return resolved
        case .failure(let error):
            for problem in error.problems { input.fail(problem.field, problem.message) }
            return nil
        }
    }
}
