/// What each obligation kind asks for, and the rule behind it: the per-kind text that the
/// shared reminder templates show, and the calendar feeds' events.
public struct ReminderKindText: Sendable {
    public let title: String
    public let instructions: String
    public let rule: String

    /// The text for `kind`, or a generic one for a kind this table does not know.
    public static func text(for kind: String) -> ReminderKindText {
        table[kind] ?? ReminderKindText(
            title: "Compliance task",
            instructions: "Complete the task described above and record it in Attest.",
            rule: "Your company's IMAGE compliance program"
        )
    }

    /// Every obligation kind the templates know.
    static var kinds: [String] { table.keys.sorted() }

    private static let image = "ICE IMAGE best practices"

    private static let table: [String: ReminderKindText] = [
        "i9_section1": .init(
            title: "Form I-9 Section 1",
            instructions: "Make sure the employee completes and signs Section 1 of Form I-9 no later than the first day of employment.",
            rule: "8 CFR 274a.2(b)(1)(i)(A)"),
        "i9_section2": .init(
            title: "Form I-9 Section 2",
            instructions: "Examine the employee's original documents and complete Section 2 of Form I-9 within three business days of the first day of employment.",
            rule: "8 CFR 274a.2(b)(1)(ii)"),
        "i9_receipt_document": .init(
            title: "Form I-9 receipt follow-up",
            instructions: "The employee presented a receipt; examine the replacement (or the actual) document before the receipt period ends and update Form I-9.",
            rule: "8 CFR 274a.2(b)(1)(vi)"),
        "i9_secondary_review": .init(
            title: "Form I-9 secondary review",
            instructions: "Have a second trained person, not the one who completed it, review this Form I-9 and record the review.",
            rule: image),
        "i9_reverification": .init(
            title: "Employment authorization reverification",
            instructions: "Reverify the employee's employment authorization on Form I-9 (Supplement B) no later than the date it expires. The employee chooses which unexpired List A or List C document to present: do not ask for a particular document, and do not ask for more than one.",
            rule: "8 CFR 274a.2(b)(1)(vii)"),
        "i9_retention_end": .init(
            title: "Form I-9 retention period ends",
            instructions: "The retention period for this Form I-9 ends (three years after hire or one year after employment ended, whichever is later). Decide whether to dispose of it securely, and record the decision.",
            rule: "8 CFR 274a.2(b)(2)(i)"),
        "everify_case_creation": .init(
            title: "E-Verify case creation",
            instructions: "Create the E-Verify case for this employee no later than the third business day after the employee starts work for pay.",
            rule: "E-Verify Memorandum of Understanding, Article II"),
        "everify_tnc_employer_action": .init(
            title: "E-Verify mismatch: notify the employee",
            instructions: "Notify the employee of the tentative nonconfirmation (mismatch) in private, give them the Further Action Notice, and record whether they take action.",
            rule: "E-Verify Memorandum of Understanding, Article II"),
        "everify_tnc_employee_contact": .init(
            title: "E-Verify mismatch: employee contact deadline",
            instructions: "The employee must contact SSA or DHS to resolve the mismatch by this date; follow up and check the case status in E-Verify. Take no adverse action while the case is pending.",
            rule: "E-Verify Memorandum of Understanding, Article II"),
        "everify_case_closure": .init(
            title: "E-Verify case closure",
            instructions: "Close this E-Verify case in E-Verify and record the closure reason.",
            rule: "E-Verify Memorandum of Understanding, Article II"),
        "audit_annual": .init(
            title: "Annual Form I-9 audit",
            instructions: "Arrange the annual Form I-9 audit by an external auditor or a trained employee not otherwise involved in the Form I-9 process, and record its findings.",
            rule: image),
        "training_program_update": .init(
            title: "Training program update",
            instructions: "Review and update the Form I-9 and E-Verify training curriculum, and record the new version.",
            rule: image),
        "training_renewal": .init(
            title: "Form I-9 and E-Verify training renewal",
            instructions: "Complete the current Form I-9 and E-Verify training and record the completion date.",
            rule: image),
        "report_annual": .init(
            title: "Annual IMAGE report",
            instructions: "Prepare and submit the annual report on the hiring and verification program, and record the submission.",
            rule: image),
        "policy_review": .init(
            title: "Policy review",
            instructions: "Review the written hiring and employment-verification policy (including anti-discrimination) and record the review.",
            rule: image),
        "network_communication": .init(
            title: "Hiring-network communication",
            instructions: "Send the IMAGE best-practice guidelines to this hiring-network partner and record when they were sent.",
            rule: image),
        "nomatch_acknowledge": .init(
            title: "SSA no-match letter: acknowledge",
            instructions: "Acknowledge the no-match letter, check your own records for errors, and inform the employee in private.",
            rule: image),
        "nomatch_resolve": .init(
            title: "SSA no-match letter: resolve",
            instructions: "Follow up on the no-match letter until the discrepancy is resolved, and record the resolution and its evidence. Do not treat the letter alone as proof of unauthorized work.",
            rule: image),
        "tip_acknowledge": .init(
            title: "Tip received: acknowledge",
            instructions: "Acknowledge the tip through its channel (using the receipt code for anonymous tips) and start the tip protocol.",
            rule: image),
        "tip_investigate": .init(
            title: "Tip received: investigate",
            instructions: "Start investigating the tip under the tip protocol: check the hiring records it concerns without confronting or retaliating against anyone, and record when the investigation started.",
            rule: image),
        "tip_respond": .init(
            title: "Tip received: respond",
            instructions: "Complete the tip protocol: investigate, act on what was found, and record the response.",
            rule: image),
        "selfreport_correct": .init(
            title: "Violation found: correct",
            instructions: "Correct the violation or deficiency that was found and record the correction.",
            rule: image),
        "selfreport_report": .init(
            title: "Violation found: report to ICE",
            instructions: "Report the violation or deficiency to ICE following the self-reporting procedure, and record the report.",
            rule: image),
    ]
}
