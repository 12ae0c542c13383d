import Compliance
import Foundation
import Storage

/// The tenant page's forms: what `attest contact add | remove`, `attest closure`, `attest
/// settings` and `attest report submit` record. Settings and closures recompute the
/// tenant's open obligations; contacts re-plan its reminders.
enum TenantForms {
    static let all = [contactAdd, contactRemove, closure, settings, reportSubmitted]

    private static let contactRole = FormField("role", "What the contact is for", .choice([
        .init(value: "compliance", label: "Receives the reminders (compliance)"),
        .init(value: "operator", label: "The agency's operator for this client"),
        .init(value: "escalation", label: "Hears when work is overdue (escalation)"),
    ]))

    static let contactAdd = RecordForm(
        id: "contact-add", title: "Add a contact", sentence: "Contact added; the reminders will reach it.",
        fields: [FormField("name", "Name", .text(maxLength: 200)), FormField("email", "E-mail address", .text(maxLength: 254)), contactRole],
        read: { input in
            let name = input.text("name", maxLength: 200), email = input.text("email", maxLength: 254)
            let role = input.choice("role", TenantContact.Role.self)
            guard let name, let email, let role else { return nil }
            return { context, connection, logger in
                try await TenantRepository.addContact(TenantContact(name: name, email: email, role: role), context: context,
                                                      connection: connection, logger: logger)
            }
        })

    static let contactRemove = RecordForm(
        id: "contact-remove", title: "Remove a contact", sentence: "Contact removed.",
        fields: [FormField("email", "E-mail address", .text(maxLength: 254)), contactRole],
        read: { input in
            let email = input.text("email", maxLength: 254), role = input.choice("role", TenantContact.Role.self)
            guard let email, let role else { return nil }
            return { context, connection, logger in
                try await TenantRepository.removeContact(email: email, role: role, context: context, connection: connection, logger: logger)
            }
        })

    static let closure = RecordForm(
        id: "closure", title: "Add or remove a closure", sentence: "Closure saved; the obligations were recomputed.",
        fields: [FormField("day", "Day", .date), FormField("note", "Why the business is closed", .text(maxLength: 200), required: false),
                 FormField("remove", "Remove this closure instead", .checkbox, required: false)],
        read: { input in
            let day = input.date("day"), note = input.optionalText("note", maxLength: 200) ?? "", remove = input.checked("remove")
            guard let day else { return nil }
            return { context, connection, logger in
                try await CalendarRepository().setClosure(day, note: note, remove: remove, context: context, today: ConsoleScope.today(in: context.tenant),
                                                          connection: connection, logger: logger)
            }
        })

    static let settings = RecordForm(
        id: "settings", title: "Replace the compliance settings", sentence: "Settings saved; the obligations were recomputed.",
        fields: [FormField("json", "Settings (JSON)", .textArea(maxLength: 20_000),
                           hint: "Absent keys keep their defaults; docs/compliance-rules.md lists every key.")],
        renaming: ["settings": "json"],
        read: { input in
            guard let json = input.text("json", maxLength: 20_000) else { return nil }
            return { context, connection, logger in
                try await CalendarRepository().replaceSettings(json: Data(json.utf8), context: context, today: ConsoleScope.today(in: context.tenant),
                                                               connection: connection, logger: logger)
            }
        })

    static let reportSubmitted = RecordForm(
        id: "report-submitted", title: "Record the annual report's submission to ICE", sentence: "Submission recorded.",
        fields: [Fields.year, FormField("on", "Submitted on", .date), FormField("reference", "Reference of the submission", .text(maxLength: 200), required: false)],
        read: { input in
            let year = Fields.readYear(&input), day = input.date("on"), reference = input.optionalText("reference", maxLength: 200) ?? ""
            guard let year, let day else { return nil }
            return { context, connection, logger in
                try await AnnualRepository().submitReport(year: year, on: day, reference: reference, context: context, connection: connection, logger: logger)
            }
        })
}
