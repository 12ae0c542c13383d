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
        FormField("document_list", "Identity document list", .choice(DocumentList.allCases.map { .init(value: $0.rawValue, label: "List \($0.rawValue.uppercased())") }),
                  required: false),
        FormField("document_expires", "Document expires", .date, required: false),
        FormField("receipt_shown", "A receipt was shown instead of a document", .checkbox, required: false),
        FormField("everify_required", "E-Verify case required", .checkbox, required: false),
    ]

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
        let list = input.optionalChoice("document_list", DocumentList.self)
        let documentExpires = input.optionalDate("document_expires")
        guard let id, let start, !input.state.hasErrors else { return nil }
        var hire = HireRecord(externalID: id, startDate: start)
        hire.jobBusinessDays = days
        hire.citizenship = citizenship
        hire.workAuthorizationExpires = authorization
        hire.documentList = list
        hire.documentExpires = documentExpires
        hire.receiptShown = input.checked("receipt_shown")
        hire.eVerifyRequired = input.checked("everify_required")
        return hire
    }
}
