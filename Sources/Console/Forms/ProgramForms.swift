import Compliance
import Foundation
import Storage

/// The audits list's forms: what `attest audit schedule` and `attest audit complete` record.
enum AuditForms {
    static let all = [schedule, complete]

    static let schedule = RecordForm(
        id: "schedule", title: "Schedule the annual I-9 audit", sentence: "Audit scheduled.",
        fields: [Fields.year, FormField("from", "First day of the audited period", .date), FormField("to", "Last day of the audited period", .date),
                 FormField("firm", "External auditing firm", .text(maxLength: 200), required: false, hint: "Give the firm or an internal auditor, not both."),
                 FormField("auditor", "Internal auditor (person id)", .text(maxLength: 64, suggestions: "people"), required: false,
                           hint: "Trained, and not otherwise involved in the audited I-9s."),
                 FormField("on", "Scheduled on", .date)],
        read: { input in
            let year = Fields.readYear(&input), from = input.date("from"), to = input.date("to"), day = input.date("on")
            let firm = input.optionalText("firm", maxLength: 200), auditor = input.optionalText("auditor", maxLength: 64)
            if (firm == nil) == (auditor == nil) { input.fail(firm == nil ? "firm" : "auditor", "give either the firm or the internal auditor, not both") }
            if let from, let to, from > to { input.fail("to", "is before the first day \(from)") }
            guard let year, let from, let to, let day, !input.state.hasErrors else { return nil }
            let who: AnnualRepository.Auditor = firm.map { .externalFirm($0) } ?? .internalPerson(auditor ?? "")
            return { context, connection, logger in
                try await AnnualRepository().scheduleAudit(year: year, period: from...to, auditor: who, on: day,
                                                           context: context, connection: connection, logger: logger)
                return ReconcileReport()
            }
        })

    static let complete = RecordForm(
        id: "complete", title: "Record the audit's completion", sentence: "Audit completed.",
        fields: [Fields.year, FormField("on", "Completed on", .date), FormField("findings", "Summary of the findings", .text(maxLength: 2_000))],
        read: { input in
            let year = Fields.readYear(&input), day = input.date("on"), findings = input.text("findings", maxLength: 2_000)
            guard let year, let day, let findings else { return nil }
            return { context, connection, logger in
                try await AnnualRepository().completeAudit(year: year, on: day, findings: findings, context: context, connection: connection, logger: logger)
            }
        })
}

/// The policies list's forms: what `attest policy review` and `attest curriculum publish` record.
enum PolicyForms {
    static let all = [review, curriculum]

    static let review = RecordForm(
        id: "review", title: "Record a policy review", sentence: "Policy review recorded.",
        fields: [FormField("policy_id", "Policy id", .text(maxLength: 64)),
                 FormField("kind", "Kind", .choice(ProgramRepository.PolicyKind.allCases.map { .init(value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "_", with: " ")) })),
                 FormField("title", "Title", .text(maxLength: 200)), FormField("on", "Reviewed on", .date)],
        renaming: ["policy": "policy_id"],
        read: { input in
            let id = input.text("policy_id", maxLength: 64), title = input.text("title", maxLength: 200), day = input.date("on")
            let kind = input.optionalChoice("kind", ProgramRepository.PolicyKind.self)
            if kind == nil, input.state.errors["kind"] == nil { input.fail("kind", "required") }
            guard let id, let kind, let title, let day else { return nil }
            return { context, connection, logger in
                try await ProgramRepository().reviewPolicy(id: id, kind: kind, title: title, on: day, context: context, connection: connection, logger: logger)
            }
        })

    static let curriculum = RecordForm(
        id: "curriculum", title: "Publish a training curriculum version", sentence: "Curriculum published.",
        fields: [FormField("version", "Version", .text(maxLength: 64), hint: "e.g. 2026.1"), FormField("on", "Published on", .date)],
        read: { input in
            let version = input.text("version", maxLength: 64), day = input.date("on")
            guard let version, let day else { return nil }
            return { context, connection, logger in
                try await ProgramRepository().publishCurriculum(version: version, on: day, context: context, connection: connection, logger: logger)
            }
        })
}

/// Inputs several forms share.
enum Fields {
    static let year = FormField("year", "Year", .text(maxLength: 4))

    /// A year from 1971 to 2200.
    static func readYear(_ input: inout FormInput) -> Int? {
        guard let text = input.text("year", maxLength: 4) else { return nil }
        guard let year = Int(text), (1971...2200).contains(year) else {
            input.fail("year", "must be a year from 1971 to 2200")
            return nil
        }
        return year
    }
}
