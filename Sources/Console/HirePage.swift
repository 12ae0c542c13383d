import Compliance
import Foundation
import Storage
import WebCommon

/// One employee: the hire's facts, the Form I-9 and E-Verify records, every obligation
/// (due date, state, the evidence that completed it), and one timeline of all of it
/// with the event trail — and the forms that record work on it (``HireAction``).
struct HirePage {
    let tenant: Tenant
    let today: CivilDate
    let hire: HireRecord
    let obligations: [ObligationListing]
    let events: [EventListing]
    /// The tenant's people, suggested in the preparer and reviewer fields.
    let people: [PersonListing]

    /// The page; `notice` says what the last post changed, `failed` is the action whose
    /// post was refused, with what was typed and its problems (its form is open).
    func render(session: ConsoleSession, notice: ChangeNotice? = nil, failed: (action: String, state: FormState)? = nil) -> HTML {
        let slug = tenant.slug
        let body: HTML = """
            <h1>Hire \(hire.externalID) <span class="hint">\(tenant.legalName)</span></h1>
            <div id="notice">\(notice?.html ?? "")</div>
            \(actions(session: session, failed: failed))
            <h2>Employment</h2>
            \(Format.facts(employment))
            <h2>Form I-9</h2>
            \(Format.facts(i9))
            <h2>E-Verify</h2>
            \(eVerify)
            \(exceptions)
            <h2 id="obligations">Obligations</h2>
            \(obligationTable)
            <h2 id="timeline">Timeline</h2>
            \(timeline)
            """
        return Layout.page(title: "Hire \(hire.externalID)", session: session,
                           breadcrumbs: [("/tenants/\(slug)", tenant.legalName), ("/tenants/\(slug)/hires", "Hires")], body: body)
    }

    /// One disclosure per action offered for the hire as it stands, each with its form;
    /// the refused one is open and shows its problems.
    private func actions(session: ConsoleSession, failed: (action: String, state: FormState)?) -> HTML {
        let base = "/tenants/\(Path.segment(tenant.slug))/hires/\(Path.segment(hire.externalID))"
        let items = HireAction.all.filter { $0.offered(hire) || $0.id == failed?.action }.map { FormSection.Item(id: $0.id, title: $0.title, fields: $0.fields) }
        return """
            <section aria-labelledby="record-heading"><h2 id="record-heading">Record</h2>\
            \(FormSection.render(items, base: base, session: session, failed: failed.map { ($0.action, $0.state) }))\
            \(PeopleSuggestions.datalist(people))</section>
            """
    }

    private var employment: [(String, HTML)] {
        [("Start", HTML(escaping: hire.startDate.description)), ("Rehired (Supplement B)", Format.optional(hire.rehiredOn?.description)), ("End of employment", Format.optional(hire.terminationDate.map { day in hire.terminationReason.map { "\(day) (\($0))" } ?? day.description })),
         ("Job length (business days)", Format.optional(hire.jobBusinessDays.map(String.init))),
         ("Citizenship or status", Format.optional(hire.citizenship?.rawValue)),
         ("Work authorization expires", Format.optional(hire.workAuthorizationExpires?.description)),
         ("Site", Format.optional(hire.site)), ("Assigned preparer", Format.optional(hire.preparerID)), ("Offer accepted", Format.optional(hire.offerAcceptedOn?.description)),
         ("Documents examined remotely", hire.remoteExamination ? "yes" : "no"),
         ("Documents", documents), ("Receipt shown", Format.optional(hire.receipt.map(Self.receipt))),
         ("E-Verify required", hire.eVerifyRequired ? "yes" : "no"),
         ("No E-Verify case because", Format.optional(hire.noCaseReason?.title))]
    }

    /// The hiring-safeguard exceptions the records show, for review (none: nothing shown).
    private var exceptions: HTML {
        let found = hire.safeguardFacts.exceptions
        guard !found.isEmpty else { return "" }
        let items = HTML(joining: found.map { exception -> HTML in "<li>\(exception.description)</li>" })
        return "<h2 id=\"exceptions\">Exceptions to review</h2><ul class=\"exceptions\">\(items)</ul>"
    }

    /// Each document with its list, kind and the day it stays valid through.
    private var documents: HTML {
        guard !hire.documents.all.isEmpty else { return Format.optional(String?.none) }
        let lines = hire.documents.all.map { document -> String in
            var line = "List \(document.list.rawValue.uppercased()): \(document.kind.title)"
            if let expires = document.expires { line += ", expires \(expires)" }
            if let through = document.validThrough, through != document.expires { line += ", extended to \(through)" }
            return line
        }
        return HTML(escaping: lines.joined(separator: "; "))
    }

    private static func receipt(_ receipt: Receipt) -> String {
        receipt.date.map { "\(receipt.kind.title), \(receipt.kind == .reverification ? "for the expiry of" : "valid until") \($0)" } ?? receipt.kind.title
    }

    private var i9: [(String, HTML)] {
        [("Section 1 completed", Format.optional(hire.i9.section1CompletedOn?.description)),
         ("Section 2 completed", Format.optional(hire.i9.section2CompletedOn?.description)),
         ("Prepared by", Format.optional(hire.i9.preparerID)),
         ("Secondary review", Format.optional(hire.i9.reviewedOn.map { "\($0) by \(hire.i9.reviewerID ?? "?")" })),
         ("Document for the receipt received", Format.optional(hire.i9.receiptDocumentReceivedOn?.description)),
         ("Last reverification", Format.optional(hire.i9.reverification.map { "\($0.on), for the expiry of \($0.answered)" }))]
    }

    private var eVerify: HTML {
        guard let c = hire.eVerifyCase else { return "<p class=\"empty\">No E-Verify case recorded.</p>" }
        return Format.facts([
            ("Case", HTML(escaping: c.caseNumber)), ("Created", HTML(escaping: c.createdOn.description)), ("Status", HTML(escaping: c.status.rawValue)),
            ("TNC issued", Format.optional(c.tncIssuedOn?.description)), ("Referred", Format.optional(c.referredOn?.description)),
            ("Final result", Format.optional(c.finalResultOn?.description)),
            ("Closed", Format.optional(c.closedOn.map { "\($0) (\(c.closureReason ?? ""))" })),
            ("Created late because", Format.optional(c.lateReason?.rawValue)),
        ])
    }

    private var obligationTable: HTML {
        let rows = obligations.map { o in
            Layout.row([HTML(escaping: o.dueOn), HTML(escaping: Format.kind(o.kind)), Format.state(o.state, due: o.dueOn, today: today),
                        Format.optional(o.completedOn), Format.optional(o.evidence)])
        }
        return Layout.table(caption: "Everything this hire calls for", headers: ["Due", "Obligation", "State", "Completed", "Evidence"], rows: rows)
    }

    /// Records, obligations and events on one line of dates, oldest first.
    private var timeline: HTML {
        var entries: [(date: String, order: Int, what: HTML)] = []
        entries.append((hire.startDate.description, 0, "Employment starts"))
        if let day = hire.i9.section1CompletedOn { entries.append((day.description, 1, "Form I-9 Section 1 completed")) }
        if let day = hire.i9.section2CompletedOn { entries.append((day.description, 1, "Form I-9 Section 2 completed by \(hire.i9.preparerID ?? "?")")) }
        if let day = hire.i9.reviewedOn { entries.append((day.description, 1, "Secondary review by \(hire.i9.reviewerID ?? "?")")) }
        if let c = hire.eVerifyCase { entries.append((c.createdOn.description, 1, "E-Verify case \(c.caseNumber) created")) }
        if let day = hire.terminationDate { entries.append((day.description, 1, "Employment ends")) }
        for o in obligations {
            let state = o.completedOn.map { "done on \($0)" } ?? (o.state == "open" && o.dueOn < today.description ? "overdue" : o.state)
            entries.append((o.dueOn, 2, "Due: \(Format.kind(o.kind)) (\(state))"))
        }
        for e in events {
            entries.append((String(Format.instant(e.at).prefix(10)), 3,
                            "Recorded: \(e.action) by \(e.actor) at \(Format.instant(e.at))"))
        }
        let rows = entries.sorted { ($0.date, $0.order) < ($1.date, $1.order) }.map { Layout.row([HTML(escaping: $0.date), $0.what]) }
        return Layout.table(caption: "Dates of this hire", headers: ["Date", "What"], rows: rows)
    }
}
