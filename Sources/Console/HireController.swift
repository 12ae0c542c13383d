import Compliance
import Foundation
import Hummingbird
import Storage
import WebCommon

/// A hire's page and what an operator records on it (``HireAction``), and the form that
/// adds a hire (``HireFactsForm``). Every post goes through ``ConsoleScope/write(_:_:)``
/// and the same Storage code as the CLI; a refused post shows the form again with its
/// problems (422) and changes nothing; a saved one redirects to the hire's page, which
/// says what changed.
struct HireController: Sendable {
    let scope: ConsoleScope

    func addRoutes(to router: Router<ConsoleRequestContext>) {
        router.get("tenants/:slug/new-hire") { _, context in try await newHire(context, state: HireFactsForm.fresh, status: .ok) }
        router.post("tenants/:slug/new-hire") { request, context in try await addHire(request, context) }
        router.get("tenants/:slug/hires/:id") { request, context in
            try await hirePage(context, notice: { ChangeNotice(request, sentences: HireAction.sentences) }, failed: nil, status: .ok)
        }
        router.post("tenants/:slug/hires/:id/:action") { request, context in try await record(request, context) }
    }

    private func record(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        guard let action = HireAction.named(try context.parameters.require("action")) else { throw ConsolePageError.notFound }
        let id = try context.parameters.require("id")
        let outcome = try await FormSubmission.run(request, context, scope: scope, fields: action.fields, missingIsNotFound: true,
                                                   input: action.input(for:)) { input -> RecordForm.Work? in
            guard let change = action.read(&input) else { return nil }
            return { tenant, connection, logger in
                try await HireRepository().record(change, hire: id, context: tenant, connection: connection, logger: logger)
            }
        }
        switch outcome {
        case .saved(let report):
            let notice = ChangeNotice(action: action.id, sentence: action.sentence, report: report)
            return Response.redirect(to: "\(Self.path(context, id))\(notice.query)#notice", type: .normal)
        case .refused(let state):
            return try await hirePage(context, notice: { nil }, failed: (action.id, state), status: .unprocessableContent)
        }
    }

    private func hirePage(
        _ context: ConsoleRequestContext, notice: () -> ChangeNotice?, failed: (String, FormState)?, status: HTTPResponse.Status
    ) async throws -> Response {
        let session = try context.signedIn()
        let id = try context.parameters.require("id")
        let logger = context.logger
        let page = try await scope.tenant(context) { tenant, connection in
            guard let hire = try await HireRepository().load([id], context: tenant, connection: connection, logger: logger).first else {
                throw ConsolePageError.notFound
            }
            return HirePage(
                tenant: tenant.tenant, today: ConsoleScope.today(in: tenant.tenant), hire: hire,
                obligations: try await ObligationStore.list(ObligationFilter(subjects: [Subject(.hire, id)]), limit: 500, context: tenant,
                                                            connection: connection, logger: logger),
                events: try await EventLog.trail(subjectKind: "hire", subjectID: id, limit: 500, context: tenant, connection: connection, logger: logger),
                people: try await PeopleRepository().page(after: nil, limit: 1_000, context: tenant, connection: connection, logger: logger))
        }
        return PageHeaders.html(status, page.render(session: session, notice: notice(), failed: failed).markup, inlineStyles: false)
    }

    private func addHire(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        var saved = ""
        let outcome = try await FormSubmission.run(request, context, scope: scope, fields: HireFactsForm.fields, missingIsNotFound: false,
                                                   input: { field in HireFactsForm.fields.contains { $0.name == field } ? field : nil }) { input -> RecordForm.Work? in
            guard let hire = HireFactsForm.read(&input) else { return nil }
            saved = hire.externalID
            return { tenant, connection, logger in
                try await HireRepository().saveFacts(hire, context: tenant, connection: connection, logger: logger)
            }
        }
        switch outcome {
        case .saved(let report):
            let notice = ChangeNotice(action: HireFactsForm.added, sentence: HireFactsForm.sentence, report: report)
            return Response.redirect(to: "\(Self.path(context, saved))\(notice.query)#notice", type: .normal)
        case .refused(let state):
            return try await newHire(context, state: state, status: .unprocessableContent)
        }
    }

    private func newHire(_ context: ConsoleRequestContext, state: FormState, status: HTTPResponse.Status) async throws -> Response {
        let session = try context.signedIn()
        let tenant = try await scope.tenant(context) { tenant, _ in tenant.tenant }
        let form = FormView(id: "hire-form", action: "/tenants/\(tenant.slug)/new-hire", fields: HireFactsForm.fields,
                            submit: "Save the hire", formToken: session.formToken, state: state)
        let body: HTML = """
            <h1>Add a hire <span class="hint">\(tenant.legalName)</span></h1>
            <p>Attest works out the hire's Form I-9 and E-Verify deadlines from these facts. Saving an employee id that
            exists changes its employment facts and keeps its I-9 and E-Verify records.</p>
            \(form.render())
            """
        let page = Layout.page(title: "Add a hire", session: session,
                               breadcrumbs: [("/tenants/\(tenant.slug)", tenant.legalName), ("/tenants/\(tenant.slug)/hires", "Hires")], body: body)
        return PageHeaders.html(status, page.markup, inlineStyles: false)
    }

    private static func path(_ context: ConsoleRequestContext, _ id: String) -> String {
        "/tenants/\(Path.segment(context.parameters.get("slug") ?? ""))/hires/\(Path.segment(id))"
    }
}
