/// What an obligation asks for. Raw values are stable: the database and the mail
/// templates use them.
public enum ObligationKind: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    case i9Section1 = "i9_section1"
    case i9Section2 = "i9_section2"
    case i9ReceiptDocument = "i9_receipt_document"
    case i9SecondaryReview = "i9_secondary_review"
    case i9Reverification = "i9_reverification"
    case i9RetentionEnd = "i9_retention_end"
    case eVerifyCaseCreation = "everify_case_creation"
    case eVerifyTNCEmployerAction = "everify_tnc_employer_action"
    case eVerifyTNCEmployeeContact = "everify_tnc_employee_contact"
    case eVerifyCaseClosure = "everify_case_closure"
    case auditAnnual = "audit_annual"
    case trainingProgramUpdate = "training_program_update"
    case trainingRenewal = "training_renewal"
    case reportAnnual = "report_annual"
    case policyReview = "policy_review"
    case networkCommunication = "network_communication"
    case noMatchAcknowledge = "nomatch_acknowledge"
    case noMatchResolve = "nomatch_resolve"
    case tipAcknowledge = "tip_acknowledge"
    case tipInvestigate = "tip_investigate"
    case tipRespond = "tip_respond"
    case selfReportCorrect = "selfreport_correct"
    case selfReportReport = "selfreport_report"

    /// Whether the kind recurs yearly (its default reminder plan starts 90 days ahead).
    public var isRecurring: Bool {
        switch self {
        case .auditAnnual, .trainingProgramUpdate, .trainingRenewal, .reportAnnual, .policyReview,
            .networkCommunication, .i9Reverification, .i9RetentionEnd:
            true
        default:
            false
        }
    }
}
