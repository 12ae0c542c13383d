import Compliance
import Storage

/// One thing an operator records on a hire from its page — what `attest hire terminate`,
/// `attest i9 …` and `attest everify …` record — with its form, how the form's fields
/// become a ``HireChange``, and which record-rule fields its inputs stand for (so a
/// rule's message lands next to the input it is about).
struct HireAction: Sendable {
    /// The last path segment of the form's URL, and the form's id.
    let id: String
    let title: String
    let fields: [FormField]
    /// Record-rule field → this form's input.
    let renaming: [String: String]
    /// Whether the action makes sense for the hire as it stands (e.g. a TNC needs a case).
    let offered: @Sendable (HireRecord) -> Bool
    let read: @Sendable (inout FormInput) -> HireChange?

    /// What the hire page says after the action was recorded.
    var sentence: String {
        switch id {
        case "section1": "Section 1 recorded."
        case "section2": "Section 2 recorded."
        case "review": "Secondary review recorded."
        case "receive-document": "Document received recorded."
        case "reverify": "Reverification recorded."
        case "rehire": "Rehire recorded on Supplement B."
        case "everify-open": "E-Verify case opened."
        case "everify-tnc": "TNC recorded."
        case "everify-refer": "Referral recorded."
        case "everify-close": "E-Verify case closed."
        default: "End of employment recorded."
        }
    }

    /// The sentences of every action and of a new hire, by id (see ``ChangeNotice``).
    static let sentences: [String: String] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.sentence) } + [(HireFactsForm.added, HireFactsForm.sentence)])

    /// The action with the id `id`.
    static func named(_ id: String) -> HireAction? {
        all.first { $0.id == id }
    }

    /// The input a record-rule field stands for in this form, if any.
    func input(for ruleField: String) -> String? {
        if let renamed = renaming[ruleField] { return renamed }
        return fields.contains { $0.name == ruleField } ? ruleField : nil
    }

    static let all: [HireAction] = [section1, section2, review, documentReceived, reverify, openCase, tnc, refer, closeCase, terminate, rehire]

    private static let on = FormField("on", "Date", .date)

    static let section1 = HireAction(
        id: "section1", title: "Record Section 1", fields: [on], renaming: ["section1_completed_on": "on"],
        offered: { _ in true }, read: { input in input.date("on").map { .section1(on: $0) } })

    static let section2 = HireAction(
        id: "section2", title: "Record Section 2", fields: [on, FormField("preparer", "Prepared by (person id)", .text(maxLength: 64, suggestions: "people"),
                                                                        hint: "A trained person who examined the documents.")],
        renaming: ["section2_completed_on": "on", "section2_preparer": "preparer"],
        offered: { _ in true },
        read: { input in
            let day = input.date("on"), preparer = input.text("preparer", maxLength: 64)
            guard let day, let preparer else { return nil }
            return .section2(on: day, preparer: preparer)
        })

    static let review = HireAction(
        id: "review", title: "Record the secondary review",
        fields: [on, FormField("reviewer", "Reviewed by (person id)", .text(maxLength: 64, suggestions: "people"),
                               hint: "A trained person other than the Section 2 preparer.")],
        renaming: ["reviewed_on": "on"],
        offered: { $0.i9.section2CompletedOn != nil },
        read: { input in
            let day = input.date("on"), reviewer = input.text("reviewer", maxLength: 64)
            guard let day, let reviewer else { return nil }
            return .review(on: day, reviewer: reviewer)
        })

    static let documentReceived = HireAction(
        id: "receive-document", title: "Record the document that replaces the receipt", fields: [on],
        renaming: ["receipt_document_received_on": "on"],
        offered: { $0.receipt != nil && $0.receipt?.kind != .reverification },
        read: { input in input.date("on").map { .documentReceived(on: $0) } })

    static let reverify = HireAction(
        id: "reverify", title: "Record a reverification (Supplement B)",
        fields: [on, FormField("document", "Document the employee chose to present", .choice(
                    (DocumentKind.kinds(of: .a) + DocumentKind.kinds(of: .c)).map { .init(value: $0.rawValue, label: $0.title) }),
                    required: false, hint: "Any List A or List C document: never ask for a particular one."),
                 FormField("expires", "It expires", .date, required: false),
                 FormField("ead_renewal_filed_on", "EAD renewal filed on (Form I-797C)", .date, required: false),
                 FormField("extended_until", "Extension ends (notice)", .date, required: false),
                 FormField("receipt", "A receipt for a replacement was shown instead (90 days)", .checkbox, required: false)],
        renaming: ["list_a_expires": "expires", "list_c_expires": "expires", "list_a_document": "document", "list_c_document": "document",
                   "list_b_document": "document", "list_a_extended_until": "extended_until", "list_c_extended_until": "extended_until"],
        offered: { $0.citizenship != .citizen && $0.citizenship != .national },
        read: { input in
            let day = input.date("on"), kind = input.optionalChoice("document", DocumentKind.self)
            let expires = input.optionalDate("expires"), filed = input.optionalDate("ead_renewal_filed_on")
            let until = input.optionalDate("extended_until")
            if filed != nil, until != nil { input.fail("extended_until", "give the renewal's filing day or the notice's date, not both") }
            guard let day, !input.state.hasErrors else { return nil }
            let extensionOfValidity = DocumentExtension(renewalFiledOn: filed, extendedUntil: until)
            let document = kind.map { IdentityDocument(kind: $0, expires: expires, extension: extensionOfValidity) }
            return .reverify(ReverificationEntry(on: day, document: document, receipt: input.checked("receipt")))
        })

    static let openCase = HireAction(
        id: "everify-open", title: "Open the E-Verify case",
        fields: [FormField("case_number", "Case number", .text(maxLength: 32)), FormField("on", "Created on", .date),
                 FormField("late_reason", "Why after the 3rd business day", .choice([
                     .init(value: "everify_outage", label: "E-Verify was down"), .init(value: "ssn_awaited", label: "Waiting for the Social Security number"),
                     .init(value: "other", label: "Another reason"),
                 ]), required: false)],
        renaming: ["everify_case_number": "case_number"],
        offered: { $0.eVerifyRequired },
        read: { input in
            let number = input.text("case_number", maxLength: 32), day = input.date("on")
            let late = input.optionalChoice("late_reason", EVerifyCaseRecord.LateReason.self)
            guard let number, let day else { return nil }
            var opened = EVerifyCaseRecord(caseNumber: number, createdOn: day)
            opened.lateReason = late
            return .openCase(opened)
        })

    static let tnc = HireAction(
        id: "everify-tnc", title: "Record a tentative nonconfirmation (TNC)", fields: [on], renaming: ["everify_tnc_on": "on"],
        offered: { $0.eVerifyCase != nil }, read: { input in input.date("on").map { .tnc(on: $0) } })

    static let refer = HireAction(
        id: "everify-refer", title: "Record the referral (the employee contests)", fields: [on], renaming: ["everify_referred_on": "on"],
        offered: { $0.eVerifyCase?.tncIssuedOn != nil }, read: { input in input.date("on").map { .refer(on: $0) } })

    static let closeCase = HireAction(
        id: "everify-close", title: "Close the E-Verify case",
        fields: [on, FormField("reason", "Closure reason", .text(maxLength: 500), hint: "As E-Verify states it, e.g. “Employment authorized”.")],
        renaming: ["everify_closed_on": "on"],
        offered: { $0.eVerifyCase != nil },
        read: { input in
            let day = input.date("on"), reason = input.text("reason", maxLength: 500)
            guard let day, let reason else { return nil }
            return .closeCase(on: day, reason: reason)
        })

    static let rehire = HireAction(
        id: "rehire", title: "Record a rehire on Supplement B (within three years of this Form I-9)",
        fields: [FormField("on", "First day of work after the rehire", .date,
                           hint: "After three years, or on a new Form I-9, add a new hire instead.")],
        renaming: ["rehire": "on"],
        offered: { $0.terminationDate != nil }, read: { input in input.date("on").map { .rehire(on: $0) } })

    static let terminate = HireAction(
        id: "terminate", title: "Record the end of employment",
        fields: [on, FormField("reason", "Why employment ended", .text(maxLength: 500), required: false,
                               hint: "Required while a TNC is pending: a reason unrelated to the TNC (no adverse action because of it).")],
        renaming: ["termination_date": "on", "termination_reason": "reason"],
        offered: { _ in true },
        read: { input in
            let day = input.date("on"), reason = input.optionalText("reason", maxLength: 500)
            return day.map { .terminate(on: $0, reason: reason) }
        })
}
