import Compliance
import Foundation
import Hummingbird
import PostgresNIO
import Storage
import WebCommon

/// A tip of the inbox: its metadata, its protocol obligations and the forms of its
/// steps; and, for an account allowed to read tips while the console holds the tenants'
/// private tip keys (`ATTEST_TIP_KEY_DIR`), its text and contact on request (a post,
/// recorded in the events as `tip.shown`, never cached).
struct TipController: Sendable {
    let scope: ConsoleScope
    let keys: TipKeyRing?

    func addRoutes(to router: Router<ConsoleRequestContext>) {
        router.get("tenants/:slug/tips/:id") { request, context in
            try await page(context, notice: ChangeNotice(request, sentences: Self.sentences), content: nil, failed: nil, status: .ok)
        }
        router.post("tenants/:slug/tips/:id/open") { request, context in try await open(request, context) }
        router.post("tenants/:slug/tips/:id/:step") { request, context in try await record(request, context) }
    }

    private static let sentences = Dictionary(uniqueKeysWithValues: TipForms.all.map { ($0.id, $0.sentence) })

    private func record(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        guard let step = TipForms.all.first(where: { $0.id == context.parameters.get("step") }) else { throw ConsolePageError.notFound }
        let id = try context.parameters.require("id")
        let form = step.form(tip: id)
        switch try await FormSubmission.run(request, context, scope: scope, fields: form.fields, missingIsNotFound: true,
                                            input: form.input(for:), form.read) {
        case .saved(let report):
            let notice = ChangeNotice(action: step.id, sentence: step.sentence, report: report)
            return Response.redirect(to: "\(Self.path(context, id))\(notice.query)#notice", type: .normal)
        case .refused(let state):
            return try await page(context, notice: nil, content: nil, failed: (step.id, state), status: .unprocessableContent)
        }
    }

    private func open(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.signedIn()
        _ = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        guard let keys else {
            throw ConsolePageError.conflict("The console holds no tip keys: set ATTEST_TIP_KEY_DIR (the directory of the tenants' private tip keys) and restart it.")
        }
        let id = try context.parameters.require("id")
        let logger = context.logger
        let content: TipContent
        do {
            content = try await scope.write(context) { tenant, connection in
                try await EventRecordsRepository().openTipInConsole(id, keys: keys, context: tenant, connection: connection, logger: logger)
            }
        } catch let error as StorageError where error.kind == .notFound {
            throw ConsolePageError.notFound
        } catch let error as TipKeyError {
            throw ConsolePageError.conflict("This tip does not open here: \(error.description).")
        } catch let error as PSQLError where PostgresErrorText.sqlState(error) == "42501" {
            throw ConsolePageError.refused("Your account may not read tips. An admin can allow it on the accounts page.")
        }
        return try await page(context, notice: nil, content: content, failed: nil, status: .ok)
    }

    private func page(_ context: ConsoleRequestContext, notice: ChangeNotice?, content: TipContent?, failed: (id: String, state: FormState)?,
                      status: HTTPResponse.Status) async throws -> Response {
        let session = try context.signedIn()
        let id = try context.parameters.require("id")
        let logger = context.logger
        let view = try await scope.tenant(context) { tenant, connection in
            let tip: TipRecord
            do {
                tip = try await EventRecordsRepository().loadTip(id, context: tenant, connection: connection, logger: logger)
            } catch let error as StorageError where error.kind == .notFound {
                throw ConsolePageError.notFound
            }
            let account = try await OperatorAccountRepository.accounts(email: session.email, connection: connection, logger: logger).first
            return TipPage(tenant: tenant.tenant, today: ConsoleScope.today(in: tenant.tenant), tip: tip,
                           obligations: try await ObligationStore.list(ObligationFilter(subjects: [Subject(.tip, id)]), limit: 100, context: tenant,
                                                                       connection: connection, logger: logger),
                           mayOpen: account?.canReadTips == true, hasKey: keys != nil)
        }
        return PageHeaders.html(status, view.render(session: session, notice: notice, content: content, failed: failed).markup, inlineStyles: false)
    }

    private static func path(_ context: ConsoleRequestContext, _ id: String) -> String {
        "/tenants/\(Path.segment(context.parameters.get("slug") ?? ""))/tips/\(Path.segment(id))"
    }
}

/// The HTML of a tip's page.
struct TipPage {
    let tenant: Tenant
    let today: CivilDate
    let tip: TipRecord
    let obligations: [ObligationListing]
    let mayOpen: Bool
    let hasKey: Bool

    func render(session: ConsoleSession, notice: ChangeNotice?, content: TipContent?, failed: (id: String, state: FormState)?) -> HTML {
        let base = "/tenants/\(Path.segment(tenant.slug))/tips/\(Path.segment(tip.tipID))"
        let steps = FormSection.render(TipForms.all.map { FormSection.Item(id: $0.id, title: $0.title, fields: $0.fields) },
                                       base: base, session: session, failed: failed)
        let rows = obligations.map { o in
            Layout.row([HTML(escaping: o.dueOn), HTML(escaping: Format.kind(o.kind)), Format.state(o.state, due: o.dueOn, today: today),
                        Format.optional(o.completedOn)])
        }
        let body: HTML = """
            <h1>Tip \(tip.tipID) <span class="hint">\(tenant.legalName)</span></h1>
            <div id="notice">\(notice?.html ?? "")</div>
            \(Format.facts([("Received", HTML(escaping: tip.receivedOn.description)), ("Channel", HTML(escaping: tip.channel.rawValue)),
                            ("Status", HTML(escaping: tip.status.rawValue)), ("Anonymous", tip.anonymous ? "yes" : "no"),
                            ("Acknowledged", Format.optional(tip.acknowledgedOn?.description)),
                            ("Investigation started", Format.optional(tip.investigatedOn?.description)),
                            ("Answered", Format.optional(tip.respondedOn?.description)), ("Closed", Format.optional(tip.closedOn?.description)),
                            ("Protocol steps", Format.optional(tip.protocolSteps)), ("Public answer", Format.optional(tip.publicAnswer))]))
            <h2 id="text">Text and contact</h2>
            \(sealed(content, base: base, session: session))
            <h2 id="obligations">Protocol obligations</h2>
            \(Layout.table(caption: "What the tip protocol calls for", headers: ["Due", "Obligation", "State", "Completed"], rows: rows))
            <section aria-labelledby="record-heading"><h2 id="record-heading">Record</h2>\(steps)</section>
            """
        return Layout.page(title: "Tip \(tip.tipID)", session: session,
                           breadcrumbs: [("/tenants/\(tenant.slug)", tenant.legalName), ("/tenants/\(tenant.slug)/tips", "Tips")], body: body)
    }

    private func sealed(_ content: TipContent?, base: String, session: ConsoleSession) -> HTML {
        if let content {
            let contact = content.contact ?? (tip.anonymous ? "(anonymous)" : "(given by other means)")
            return """
                <p class="hint">Opened for you now; this reading is recorded in the client's events.</p>
                \(Format.facts([("Contact", HTML(escaping: contact))]))
                <blockquote id="tip-text" class="answer">\(content.text ?? "(no text stored)")</blockquote>
                """
        }
        guard mayOpen else { return "<p>Your account may not read tips. An admin can allow it on the accounts page.</p>" }
        guard hasKey else { return "<p>The console holds no tip keys (<code>ATTEST_TIP_KEY_DIR</code>), so it cannot open tips.</p>" }
        return """
            <form method="post" action="\(base)/open"><input type="hidden" name="form_token" value="\(session.formToken)">\
            <p>The text and contact are sealed. Opening them is recorded in the client's events.</p>\
            <p><button type="submit">Open the text and contact</button></p></form>
            """
    }
}
