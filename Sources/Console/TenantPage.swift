import Compliance
import Foundation
import Storage
import WebCommon

/// A tenant: its facts, links to every record list, its agenda (overdue and the next
/// 14 days, with the reminders planned for each), recent deliveries with the relay's
/// reply, its contacts, settings and closures.
struct TenantPage {
    let tenant: Tenant
    let today: CivilDate
    let agenda: [AgendaItem]
    let deliveries: [DeliveryListing]
    let closures: [ClosureListing]
    let settingsJSON: String

    /// The page; `notice` says what the last post changed, `failed` is the form whose
    /// post was refused, with what was typed and its problems.
    func render(session: ConsoleSession, notice: ChangeNotice? = nil, failed: (id: String, state: FormState)? = nil) -> HTML {
        let slug = tenant.slug
        let body: HTML = """
            <h1>\(tenant.legalName) <span class="hint">\(slug)</span></h1>
            <div id="notice">\(notice?.html ?? "")</div>
            \(Format.facts([("Time zone", HTML(escaping: tenant.timeZone)), ("Reminders sent at", "\(tenant.sendHour):00 local time"),
                            ("IMAGE agreement", Format.optional(tenant.imageAgreementDate)),
                            ("Status", tenant.isDisabled ? "<span class=\"bad\">disabled</span>" : "active")]))
            \(RecordNavigation.links(slug: slug))
            <h2 id="agenda">Agenda: overdue and the next 14 days</h2>
            \(agendaTable)
            <h2 id="deliveries">Recent deliveries</h2>
            \(DeliveryRows.table(deliveries, caption: "The latest \(deliveries.count) deliveries"))
            <p><a href="/tenants/\(slug)/deliveries">All deliveries</a></p>
            <h2 id="contacts">Contacts</h2>
            \(contactsTable)
            <h2 id="closures">Closures</h2>
            \(Layout.table(caption: "Days the client does not operate", headers: ["Day", "Note"],
                           rows: closures.map { Layout.row([HTML(escaping: $0.day), HTML(escaping: $0.note)]) }, empty: "No closures recorded."))
            <h2 id="settings">Compliance settings</h2>
            <pre>\(settingsJSON)</pre>
            <section aria-labelledby="record-heading"><h2 id="record-heading">Record</h2>\
            \(FormSection.render(TenantForms.all.map { FormSection.Item(id: $0.id, title: $0.title, fields: $0.fields,
                                                                        values: $0.id == "settings" ? ["json": settingsJSON] : [:]) },
                                 base: "/tenants/\(slug)/record", session: session, failed: failed))\
            </section>
            """
        return Layout.page(title: tenant.legalName, session: session, breadcrumbs: [("/tenants/\(slug)", tenant.legalName)], body: body)
    }

    private var agendaTable: HTML {
        let rows = agenda.map { item -> HTML in
            let parts = item.subject.split(separator: "/", maxSplits: 1).map(String.init)
            let (kind, id) = (parts.first ?? "", parts.count > 1 ? parts[1] : "")
            let reminders = Self.reminders(item.reminders)
            return Layout.row([Format.state("open", due: item.dueDate, today: today) + " " + HTML(escaping: item.dueDate),
                               HTML(escaping: Format.kind(item.kind)), Format.subject(kind: kind, id: id, slug: tenant.slug), reminders])
        }
        return Layout.table(caption: "Open obligations due by \(today.adding(days: 13).description)",
                            headers: ["Due", "Obligation", "Subject", "Reminders planned"], rows: rows, empty: "Nothing due.")
    }

    /// The next reminder, and the others folded away (a `details` element: no script).
    private static func reminders(_ planned: [PlannedReminder]) -> HTML {
        func line(_ r: PlannedReminder) -> HTML {
            "\(r.stage.replacingOccurrences(of: "_", with: " ")), \(r.sendAt.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")), to \(r.recipients.joined(separator: " and ").replacingOccurrences(of: "_", with: " "))"
        }
        guard let next = planned.first else { return "<span class=\"hint\">none in this window</span>" }
        let rest = planned.dropFirst()
        guard !rest.isEmpty else { return line(next) }
        return "\(line(next))<details><summary>\(rest.count) more</summary><ul>\(rest.map { "<li>\(line($0))</li>" as HTML })</ul></details>"
    }

    private var contactsTable: HTML {
        Layout.table(caption: "Who receives the reminders", headers: ["Name", "E-mail", "Role"],
                     rows: tenant.contacts.map { Layout.row([HTML(escaping: $0.name), HTML(escaping: $0.email), HTML(escaping: $0.role.rawValue)]) },
                     empty: "No contacts.")
    }
}

/// The links to a tenant's record lists.
enum RecordNavigation {
    static let lists: [(path: String, title: String)] = [
        ("people", "People and trainings"), ("hires", "Hires"), ("everify", "E-Verify cases"), ("nomatch", "No-match letters"),
        ("audits", "Audits"), ("policies", "Policies"), ("self-reports", "Self-reports"), ("tips", "Tips"),
        ("network", "Hiring network"), ("deliveries", "Deliveries"), ("report", "Annual report"), ("import", "Upload a CSV file"),
    ]

    static func links(slug: String) -> HTML {
        let items = lists.map { "<li><a href=\"/tenants/\(slug)/\($0.path)\">\($0.title)</a></li>" as HTML }
        return "<nav class=\"records\" id=\"records\" aria-label=\"Records\"><ul>\(items)</ul></nav>"
    }
}

/// Deliveries as a table.
enum DeliveryRows {
    static func table(_ deliveries: [DeliveryListing], caption: String) -> HTML {
        let rows = deliveries.map { d -> HTML in
            let state: HTML = ["failed", "unknown"].contains(d.state) ? "<span class=\"bad\">\(d.state)</span>" : HTML(escaping: d.state)
            let reply = d.lastCode.map { "\($0) \(d.lastReply ?? "")" } ?? d.lastReply
            return Layout.row([HTML(escaping: d.createdAt), HTML(escaping: d.recipient), state, "\(d.attempt)",
                               Format.optional(d.sentAt), Format.optional(reply)])
        }
        return Layout.table(caption: caption, headers: ["Created", "Recipient", "State", "Attempts", "Sent", "Relay's last reply"],
                            rows: rows, empty: "No deliveries yet.")
    }
}
