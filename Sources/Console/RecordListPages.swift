import Compliance
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Storage
import WebCommon

/// The tenant's record lists, 50 rows a page (keyset paging: `?after=` the last key
/// of the previous page), each read through the Storage listing the API uses, with
/// the forms that record what the list holds (``RecordForm``) above it.
struct RecordListPages: Sendable {
    static let pageSize = 50
    let scope: ConsoleScope

    func addRoutes(to router: Router<ConsoleRequestContext>) {
        list(router, "people", "People", forms: PeopleForms.all) { after, context, connection, logger in
            let people = try await PeopleRepository().page(after: after, limit: Self.pageSize + 1, context: context, connection: connection, logger: logger)
            let trainings = try await PeopleRepository().allTrainings(context: context, connection: connection, logger: logger)
            let byPerson = Dictionary(grouping: trainings, by: \.personID)
            return (people.map { p in
                let taken = (byPerson[p.person.externalID] ?? []).map { "\($0.completedOn)\($0.curriculum.map { " (\($0))" } ?? "")" }
                return Layout.row([HTML(escaping: p.person.externalID), HTML(escaping: p.person.name), Format.optional(p.person.email),
                                   HTML(escaping: p.person.roles.map(\.rawValue).joined(separator: ", ")),
                                   Format.optional(taken.sorted().reversed().joined(separator: "; "))])
            }, people.map(\.person.externalID), ["Id", "Name", "E-mail", "Roles", "Trainings (latest first)"])
        }
        list(router, "hires", "Hires") { after, context, connection, logger in
            let hires = try await HireRepository().page(after: after, limit: Self.pageSize + 1, context: context, connection: connection, logger: logger)
            return (hires.map { h in
                Layout.row([Format.subject(kind: "hire", id: h.externalID, slug: context.tenant.slug), HTML(escaping: h.startDate),
                            Format.optional(h.terminationDate), Format.optional(h.citizenship), h.eVerifyRequired ? "yes" : "no", "\(h.openObligations)"])
            }, hires.map(\.externalID), ["Employee", "Start", "End", "Citizenship or status", "E-Verify", "Open obligations"])
        }
        list(router, "everify", "E-Verify cases") { after, context, connection, logger in
            let cases = try await HireRepository().casePage(after: after, limit: Self.pageSize + 1, context: context, connection: connection, logger: logger)
            return (cases.map { l in
                let c = l.eVerifyCase
                return Layout.row([HTML(escaping: c.caseNumber), Format.subject(kind: "hire", id: l.hireID, slug: context.tenant.slug),
                                   HTML(escaping: c.createdOn.description), HTML(escaping: c.status.rawValue), Format.optional(c.tncIssuedOn?.description),
                                   Format.optional(c.closedOn.map { "\($0) (\(c.closureReason ?? ""))" })])
            }, cases.map(\.eVerifyCase.caseNumber), ["Case", "Hire", "Created", "Status", "TNC issued", "Closed"])
        }
        list(router, "nomatch", "No-match letters", forms: NoMatchForms.all) { after, context, connection, logger in
            let letters = try await NoMatchRepository().page(after: after, limit: Self.pageSize + 1, context: context, connection: connection, logger: logger)
            return (letters.map { l in
                Layout.row([HTML(escaping: l.letterID), HTML(escaping: l.receivedOn.description),
                            l.hireID.map { Format.subject(kind: "hire", id: $0, slug: context.tenant.slug) } ?? Format.optional(nil),
                            Format.optional(l.acknowledgedOn?.description), Format.optional(l.resolvedOn?.description),
                            Format.optional(l.resolution), Format.optional(l.evidenceReference)])
            }, letters.map(\.letterID), ["Letter", "Received", "Employee", "Acknowledged", "Resolved", "Resolution", "Evidence"])
        }
        list(router, "audits", "Audits", forms: AuditForms.all) { _, context, connection, logger in
            let audits = try await AnnualRepository().audits(context: context, connection: connection, logger: logger)
            return (audits.map { a in
                Layout.row(["\(a.year)", HTML(escaping: "\(a.periodStart) to \(a.periodEnd)"),
                            Format.optional(a.auditorID.map { "internal: \($0)" } ?? a.externalFirm.map { "firm: \($0)" }),
                            Format.optional(a.scheduledOn), Format.optional(a.completedOn), Format.optional(a.findings)])
            }, [], ["Year", "Period", "Auditor", "Scheduled", "Completed", "Findings"])
        }
        list(router, "policies", "Policies", forms: PolicyForms.all) { _, context, connection, logger in
            let policies = try await ProgramRepository().policies(context: context, connection: connection, logger: logger)
            return (policies.map { p in
                Layout.row([HTML(escaping: p.policyID), HTML(escaping: p.kind.replacingOccurrences(of: "_", with: " ")), HTML(escaping: p.title),
                            HTML(escaping: p.lastReviewedOn)])
            }, [], ["Policy", "Kind", "Title", "Last reviewed"])
        }
        list(router, "self-reports", "Self-reports", forms: SelfReportForms.all) { after, context, connection, logger in
            let reports = try await EventRecordsRepository().selfReportPage(after: after, limit: Self.pageSize + 1, context: context,
                                                                            connection: connection, logger: logger)
            return (reports.map { r in
                Layout.row([HTML(escaping: r.reportID), HTML(escaping: r.discoveredOn.description), HTML(escaping: r.source.rawValue),
                            HTML(escaping: r.description), Format.optional(r.correctiveAction), Format.optional(r.correctedOn?.description),
                            Format.optional(r.reportedToICEOn?.description)])
            }, reports.map(\.reportID), ["Report", "Discovered", "Source", "Description", "Corrective action", "Corrected", "Reported to ICE"])
        }
        list(router, "tips", "Tips", forms: [TipForms.received()]) { after, context, connection, logger in
            let tips = try await EventRecordsRepository().tipPage(after: after, limit: Self.pageSize + 1, context: context, connection: connection, logger: logger)
            return (tips.map { t in
                Layout.row(["<a href=\"/tenants/\(context.tenant.slug)/tips/\(Path.segment(t.tipID))\">\(t.tipID)</a>", HTML(escaping: t.receivedOn.description), HTML(escaping: t.channel.rawValue),
                            t.status == .received ? "<span class=\"bad\">received</span>" : HTML(escaping: t.status.rawValue),
                            Format.optional(t.acknowledgedOn?.description), Format.optional(t.respondedOn?.description),
                            Format.optional(t.closedOn?.description)])
            }, tips.map(\.tipID), ["Tip", "Received", "Channel", "Status", "Acknowledged", "Responded", "Closed"])
        }
        list(router, "network", "Hiring network", forms: NetworkForms.all) { after, context, connection, logger in
            let companies = try await NetworkRepository().companyPage(after: after, limit: Self.pageSize + 1, context: context,
                                                                      connection: connection, logger: logger)
            return (companies.map { c in
                Layout.row([HTML(escaping: c.company.companyID), HTML(escaping: c.company.name), HTML(escaping: c.company.joinedOn.description),
                            Format.optional(c.company.contactName), Format.optional(c.lastCommunicatedOn)])
            }, companies.map(\.company.companyID), ["Company", "Name", "Joined", "Contact", "Guidelines last sent"])
        }
        router.get("tenants/:slug/deliveries") { request, context in try await deliveries(request, context) }
    }

    private typealias Fetch = @Sendable (_ after: String?, TenantContext, PostgresConnection, Logger) async throws
        -> (rows: [HTML], keys: [String], headers: [String])

    /// A list: its path, title, forms and the rows of a page.
    private struct RecordList: Sendable {
        let path: String
        let title: String
        let forms: [RecordForm]
        let fetch: Fetch

        var sentences: [String: String] { Dictionary(uniqueKeysWithValues: forms.map { ($0.id, $0.sentence) }) }
        var suggestsPeople: Bool {
            forms.contains { $0.fields.contains { if case .text(_, "people") = $0.kind { true } else { false } } }
        }
    }

    /// Adds `GET /tenants/:slug/PATH`: the page of rows `fetch` reads (it reads one more
    /// than a page, to know whether a next page exists); and with `forms`,
    /// `POST /tenants/:slug/PATH/FORM`, which records the form and redirects to the list
    /// saying what changed, or shows the list again with the form's problems (422).
    private func list(_ router: Router<ConsoleRequestContext>, _ path: String, _ title: String, forms: [RecordForm] = [],
                      _ fetch: @escaping Fetch) {
        let list = RecordList(path: path, title: title, forms: forms, fetch: fetch)
        router.get("tenants/:slug/\(path)") { request, context in
            try await show(list, request, context, notice: ChangeNotice(request, sentences: list.sentences), failed: nil, status: .ok)
        }
        guard !forms.isEmpty else { return }
        // `:id`, the name the record pages use for the same segment (`GET tips/:id`): the router
        // wants one name per segment whatever the method.
        router.post("tenants/:slug/\(path)/:id") { request, context in
            guard let form = forms.first(where: { $0.id == context.parameters.get("id") }) else { throw ConsolePageError.notFound }
            switch try await FormSubmission.run(request, context, scope: scope, fields: form.fields, missingIsNotFound: false,
                                                input: form.input(for:), form.read) {
            case .saved(let report):
                let notice = ChangeNotice(action: form.id, sentence: form.sentence, report: report)
                let slug = Path.segment(context.parameters.get("slug") ?? "")
                return Response.redirect(to: "/tenants/\(slug)/\(path)\(notice.query)#notice", type: .normal)
            case .refused(let state):
                return try await show(list, request, context, notice: nil, failed: (form.id, state), status: .unprocessableContent)
            }
        }
    }

    private func show(_ list: RecordList, _ request: Request, _ context: ConsoleRequestContext, notice: ChangeNotice?,
                      failed: (id: String, state: FormState)?, status: HTTPResponse.Status) async throws -> Response {
        let session = try context.signedIn()
        let after = failed == nil ? request.uri.queryParameters["after"].map(String.init) : nil
        let logger = context.logger
        let (tenant, result, people) = try await scope.tenant(context) { tenantContext, connection in
            (tenantContext.tenant, try await list.fetch(after, tenantContext, connection, logger),
             list.suggestsPeople ? try await PeopleRepository().page(after: nil, limit: 1_000, context: tenantContext, connection: connection, logger: logger) : [])
        }
        let next = result.keys.count > Self.pageSize
            ? "/tenants/\(tenant.slug)/\(list.path)?after=\(Path.segment(result.keys[Self.pageSize - 1]))" : nil
        let items = list.forms.map { FormSection.Item(id: $0.id, title: $0.title, fields: $0.fields) }
        let forms: HTML = items.isEmpty ? "" : """
            <div id="notice">\(notice?.html ?? "")</div>
            <section aria-labelledby="record-heading"><h2 id="record-heading">Record</h2>\
            \(FormSection.render(items, base: "/tenants/\(tenant.slug)/\(list.path)", session: session, failed: failed))\
            \(PeopleSuggestions.datalist(people))</section>
            """
        return page(tenant: tenant, session: session, title: list.title, path: list.path, headers: result.headers,
                    rows: Array(result.rows.prefix(Self.pageSize)), next: next, first: after != nil, forms: forms, status: status)
    }

    private func deliveries(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.signedIn()
        let before = request.uri.queryParameters["before"].flatMap { text -> (key: String, id: UUID)? in
            let parts = text.split(separator: "|", maxSplits: 1)
            guard parts.count == 2, let id = UUID(uuidString: String(parts[1])) else { return nil }
            return (String(parts[0]), id)
        }
        let logger = context.logger
        let (tenant, listed) = try await scope.tenant(context) { tenantContext, connection in
            (tenantContext.tenant, try await DeliveryQueue().recent(before: before, limit: Self.pageSize + 1, context: tenantContext,
                                                                     connection: connection, logger: logger))
        }
        let shown = Array(listed.prefix(Self.pageSize))
        let next = listed.count > Self.pageSize ? shown.last.map { "/tenants/\(tenant.slug)/deliveries?before=\(Path.segment("\($0.key)|\($0.id.uuidString)"))" } : nil
        let body: HTML = """
            <h1>Deliveries <span class="hint">\(tenant.legalName)</span></h1>
            \(DeliveryRows.table(shown, caption: "Most recent first"))\(pager(next: next, first: before != nil ? "/tenants/\(tenant.slug)/deliveries" : nil))
            """
        return PageHeaders.html(.ok, Layout.page(title: "Deliveries", session: session, breadcrumbs: [("/tenants/\(tenant.slug)", tenant.legalName)],
                                                 body: body).markup, inlineStyles: false)
    }

    private func page(tenant: Tenant, session: ConsoleSession, title: String, path: String, headers: [String], rows: [HTML],
                      next: String?, first: Bool, forms: HTML, status: HTTPResponse.Status) -> Response {
        let body: HTML = """
            <h1>\(title) <span class="hint">\(tenant.legalName)</span></h1>\(path == "hires" ? "<p><a href=\"/tenants/\(tenant.slug)/new-hire\">Add a hire</a></p>" as HTML : "")\(forms)
            \(Layout.table(caption: title, headers: headers, rows: rows))\(pager(next: next, first: first ? "/tenants/\(tenant.slug)/\(path)" : nil))
            """
        return PageHeaders.html(status, Layout.page(title: title, session: session, breadcrumbs: [("/tenants/\(tenant.slug)", tenant.legalName)],
                                                    body: body).markup, inlineStyles: false)
    }

    private func pager(next: String?, first: String?) -> HTML {
        guard next != nil || first != nil else { return "" }
        let links = [first.map { "<a href=\"\($0)\">First page</a>" as HTML }, next.map { "<a href=\"\($0)\" rel=\"next\">Next page</a>" as HTML }]
        return "<nav class=\"pager\" aria-label=\"Pages\">\(links.compactMap { $0 })</nav>"
    }
}
