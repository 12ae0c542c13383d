import Foundation
import Hummingbird
import Storage
import WebCommon

/// What an admin manages in the console (`/admin`): the console's accounts (add one with
/// a one-time password shown once, change a manager's tenants, disable one) and the
/// API's bearer tokens (create one, its secret shown once; revoke one) — what `attest
/// operator` and `attest token` do, through the same Storage code and the same trail.
/// A manager gets the 404 page for every route here, and row-level security refuses
/// the writes of any session but an admin's (sql/013_console_admin.sql).
struct AdminController: Sendable {
    let scope: ConsoleScope

    func addRoutes(to router: Router<ConsoleRequestContext>) {
        router.get("admin") { request, context in try await page(request, context, failed: nil, status: .ok) }
        router.post("admin/account") { request, context in try await addAccount(request, context) }
        router.post("admin/accounts/:id/tenants") { request, context in try await assign(request, context) }
        router.post("admin/accounts/:id/disable") { request, context in try await disable(request, context) }
        router.post("admin/accounts/:id/tips") { request, context in try await tipPermission(request, context) }
        router.post("admin/token") { request, context in try await createToken(request, context) }
        router.post("admin/tokens/:id/revoke") { request, context in try await revoke(request, context) }
    }

    /// The session, if it is an admin's; otherwise the 404 page, as for a page that does not exist.
    private func admin(_ context: ConsoleRequestContext) throws -> ConsoleSession {
        let session = try context.signedIn()
        guard session.role == .admin else { throw ConsolePageError.notFound }
        return session
    }

    private func page(_ request: Request, _ context: ConsoleRequestContext, failed: (id: String, state: FormState)?,
                      status: HTTPResponse.Status) async throws -> Response {
        let session = try admin(context)
        let logger = context.logger
        let (accounts, tokens, tenants) = try await scope.read(session) { connection in
            (try await OperatorAccountRepository.accounts(connection: connection, logger: logger),
             try await APITokenRepository.tokens(connection: connection, logger: logger),
             try await TenantRepository.list(connection: connection, logger: logger).map(\.slug))
        }
        let done = request.uri.queryParameters["done"].flatMap { AdminPage.sentences[String($0)] }
        let view = AdminPage(session: session, accounts: accounts, tokens: tokens, tenants: tenants)
        return PageHeaders.html(status, view.render(notice: done, failed: failed).markup, inlineStyles: false)
    }

    private func addAccount(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try admin(context)
        let form = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        let tenants = try await tenantSlugs(session, context)
        var input = FormInput(form, fields: AdminPage.accountFields(tenants: tenants))
        let email = input.text("email", maxLength: 254), name = input.text("name", maxLength: 200)
        let role = input.optionalChoice("role", OperatorAccount.Role.self)
        if role == nil, input.state.errors["role"] == nil { input.fail("role", "required") }
        let chosen = tenants.filter { input.checked("tenant_\($0)") }
        guard let email, let name, let role, !input.state.hasErrors else {
            return try await page(request, context, failed: ("account", input.state), status: .unprocessableContent)
        }
        let password = PasswordHashing.oneTimePassword()
        let draft = OperatorAccountDraft(email: email, name: name, role: role, tenantSlugs: role == .manager ? chosen : [],
                                         passwordHash: try await PasswordHashing.hash(password))
        let logger = context.logger
        let readsTips = input.checked("can_read_tips")
        do {
            try await scope.read(session) { connection in
                let id = try await OperatorAccountRepository.insert(draft, actor: session.actor, connection: connection, logger: logger)
                if readsTips {
                    try await OperatorAccountRepository.setTipPermission(true, of: id, actor: session.actor, connection: connection, logger: logger)
                }
            }
        } catch {
            var state = input.state
            try FormProblem.place(error, in: &state) { field in field == "tenant" ? "role" : (["email", "name"].contains(field) ? field : nil) }
            return try await page(request, context, failed: ("account", state), status: .unprocessableContent)
        }
        return secretPage(session, title: "Account added", lines: [
            "The \(role.rawValue) account \(draft.email.lowercased()) was added.",
            "Give its one-time password to \(name) privately: it is shown only now and works for one sign-in, which replaces it.",
        ], secretLabel: "One-time password", secret: password)
    }

    private func assign(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try admin(context)
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw ConsolePageError.notFound }
        let form = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        let tenants = try await tenantSlugs(session, context)
        let chosen = tenants.filter { form["tenant_\($0)"] != nil }
        let logger = context.logger
        do {
            try await scope.read(session) { connection in
                try await OperatorAccountRepository.assign(tenants: chosen, to: id, actor: session.actor, connection: connection, logger: logger)
            }
        } catch let error as StorageError where error.kind == .invalidInput || error.kind == .notFound {
            throw ConsolePageError.conflict(error.message)
        }
        return Response.redirect(to: "/admin?done=assigned#notice", type: .normal)
    }

    private func disable(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try admin(context)
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw ConsolePageError.notFound }
        _ = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        guard id != session.accountID else { throw ConsolePageError.conflict("An admin cannot disable its own account here.") }
        let logger = context.logger
        try await scope.read(session) { connection in
            try await OperatorAccountRepository.disable(id: id, actor: session.actor, connection: connection, logger: logger)
        }
        return Response.redirect(to: "/admin?done=disabled#notice", type: .normal)
    }

    private func tipPermission(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try admin(context)
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw ConsolePageError.notFound }
        let form = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        let allowed = form["allow"] == "yes"
        let logger = context.logger
        try await scope.read(session) { connection in
            try await OperatorAccountRepository.setTipPermission(allowed, of: id, actor: session.actor, connection: connection, logger: logger)
        }
        return Response.redirect(to: "/admin?done=\(allowed ? "tips-allowed" : "tips-forbidden")#notice", type: .normal)
    }

    private func createToken(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try admin(context)
        let form = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        let tenants = try await tenantSlugs(session, context)
        var input = FormInput(form, fields: AdminPage.tokenFields(tenants: tenants))
        let name = input.text("token_name", maxLength: 64)
        let lifetime = input.choice("expires", AdminPage.TokenLifetime.self)
        let readOnly = input.checked("read_only")
        let chosen = tenants.filter { input.checked("tenant_\($0)") }
        guard let name, let lifetime, !input.state.hasErrors else {
            return try await page(request, context, failed: ("token", input.state), status: .unprocessableContent)
        }
        let logger = context.logger
        let secret: String
        do {
            let expiry = try APITokenExpiry.parse(lifetime.rawValue, from: Date())
            secret = try await scope.read(session) { connection in
                try await APITokenRepository.create(name: name, tenants: chosen, expiresAt: expiry, readOnly: readOnly,
                                                    connection: connection, logger: logger).secret
            }
        } catch {
            var state = input.state
            try FormProblem.place(error, in: &state) { field in field == "name" ? "token_name" : nil }
            return try await page(request, context, failed: ("token", state), status: .unprocessableContent)
        }
        return secretPage(session, title: "Token created", lines: [
            "The \(readOnly ? "read-only " : "")API token \(name) reaches \(chosen.joined(separator: ", ")) for \(lifetime.label).",
            "Copy its secret now: it is shown only now, and Attest keeps only its hash. Send it as `Authorization: Bearer SECRET`.",
        ], secretLabel: "Secret", secret: secret)
    }

    private func revoke(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try admin(context)
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw ConsolePageError.notFound }
        _ = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        let logger = context.logger
        let found = try await scope.read(session) { connection in
            try await APITokenRepository.revoke(id: id, connection: connection, logger: logger)
        }
        guard found else { throw ConsolePageError.notFound }
        return Response.redirect(to: "/admin?done=revoked#notice", type: .normal)
    }

    private func tenantSlugs(_ session: ConsoleSession, _ context: ConsoleRequestContext) async throws -> [String] {
        let logger = context.logger
        return try await scope.read(session) { connection in try await TenantRepository.list(connection: connection, logger: logger).map(\.slug) }
    }

    /// A page showing a secret once: never cached, never shown again.
    private func secretPage(_ session: ConsoleSession, title: String, lines: [String], secretLabel: String, secret: String) -> Response {
        let body: HTML = """
            <h1>\(title)</h1>\(HTML(joining: lines.map { "<p>\($0)</p>" as HTML }))
            <p>\(secretLabel): <code class="secret" id="secret">\(secret)</code></p>
            <p><a href="/admin">Back to accounts and tokens</a></p>
            """
        return PageHeaders.html(.ok, Layout.page(title: title, session: session, breadcrumbs: [("/admin", "Accounts and tokens")], body: body).markup,
                                inlineStyles: false)
    }
}
