import Foundation
import Storage
import WebCommon

/// The admin's page: the accounts with their role, status, second factor and tenants
/// (a manager's tenants changed in place, an account disabled), the API tokens with
/// their tenants and last use (revoked in place), and the forms that add either.
struct AdminPage {
    let session: ConsoleSession
    let accounts: [OperatorAccount]
    let tokens: [APIToken]
    let tenants: [String]

    /// What the page says after a change, by the `done` of its redirect.
    static let sentences = [
        "assigned": "The manager's tenants were changed.", "disabled": "The account was disabled and its sessions ended.",
        "revoked": "The token was revoked: the API refuses it from now on.",
        "tips-allowed": "The account may now open tips.", "tips-forbidden": "The account may no longer open tips.",
    ]

    static func accountFields(tenants: [String]) -> [FormField] {
        [FormField("email", "E-mail address", .text(maxLength: 254)), FormField("name", "Name", .text(maxLength: 200)),
         FormField("role", "Role", .choice([.init(value: "manager", label: "manager (sees the tenants ticked below)"),
                                             .init(value: "admin", label: "admin (sees every tenant, manages accounts and tokens)")])),
         FormField("can_read_tips", "May open tips (their text and contact)", .checkbox, required: false)]
            + tenants.map { FormField("tenant_\($0)", "Tenant \($0)", .checkbox, required: false) }
    }

    /// How long a token made here lives (its first, the default, as `attest token create`'s).
    enum TokenLifetime: String, CaseIterable {
        case days90 = "90d", days30 = "30d", days7 = "7d", days180 = "180d", days365 = "365d"

        var label: String { "\(rawValue.dropLast()) days" }
    }

    static func tokenFields(tenants: [String]) -> [FormField] {
        [FormField("token_name", "Token name", .text(maxLength: 64), hint: "Letters, digits, . _ -; e.g. the system that will use it."),
         FormField("expires", "Expires in", .choice(TokenLifetime.allCases.map { .init(value: $0.rawValue, label: $0.label) })),
         FormField("read_only", "Read-only (the API refuses it every write)", .checkbox, required: false)]
            + tenants.map { FormField("tenant_\($0)", "Tenant \($0)", .checkbox, required: false) }
    }

    func render(notice: String?, failed: (id: String, state: FormState)?) -> HTML {
        let forms = FormSection.render([
            FormSection.Item(id: "account", title: "Add an account", fields: Self.accountFields(tenants: tenants)),
            FormSection.Item(id: "token", title: "Create an API token", fields: Self.tokenFields(tenants: tenants)),
        ], base: "/admin", session: session, failed: failed.map { ($0.id == "account" ? "account" : "token", $0.state) })
        let body: HTML = """
            <h1>Accounts and API tokens</h1>
            <div id="notice">\(notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" as HTML } ?? "")</div>
            <section aria-labelledby="record-heading"><h2 id="record-heading">Add</h2>\(forms)</section>
            <h2 id="accounts">Accounts</h2>
            \(accountTable)
            <h2 id="tokens">API tokens</h2>
            \(tokenTable)
            """
        return Layout.page(title: "Accounts and API tokens", session: session, body: body)
    }

    private var accountTable: HTML {
        let rows = accounts.map { account -> HTML in
            let status: HTML = account.disabledAt != nil ? "<span class=\"bad\">disabled</span>" : (account.passwordIsTemporary ? "invited" : "active")
            return Layout.row([HTML(escaping: account.email), HTML(escaping: account.name), HTML(escaping: account.role.rawValue), status,
                               account.hasSecondFactor ? "yes" : "no", tenantCell(account), tipCell(account), actions(account)])
        }
        return Layout.table(id: "account-list", caption: "Who may sign in to the console", headers: ["E-mail", "Name", "Role", "Status", "2FA", "Tenants", "Tips", "Actions"],
                            rows: rows, empty: "No accounts.")
    }

    /// A manager's tenants as a small form of checkboxes; "all" for an admin.
    private func tenantCell(_ account: OperatorAccount) -> HTML {
        guard account.role == .manager else { return "all" }
        let boxes = tenants.map { slug -> HTML in
            let id = "assign-\(account.id.uuidString.lowercased())-\(slug)"
            let checked: HTML = account.tenants.contains(slug) ? " checked" : ""
            return "<span class=\"check\"><input type=\"checkbox\" id=\"\(id)\" name=\"tenant_\(slug)\"\(checked)> <label for=\"\(id)\">\(slug)</label></span> "
        }
        return """
            <form method="post" action="/admin/accounts/\(account.id.uuidString.lowercased())/tenants">\
            <input type="hidden" name="form_token" value="\(session.formToken)">\(HTML(joining: boxes))\
            <button type="submit" aria-label="Save the tenants of \(account.email)">Save</button></form>
            """
    }

    /// Whether the account may open tips, with the button that changes it.
    private func tipCell(_ account: OperatorAccount) -> HTML {
        let (label, allow): (String, String) = account.canReadTips ? ("Forbid", "no") : ("Allow", "yes")
        return """
            \(account.canReadTips ? "may open" : "no") <form method="post" action="/admin/accounts/\(account.id.uuidString.lowercased())/tips" class="inline">\
            <input type="hidden" name="form_token" value="\(session.formToken)"><input type="hidden" name="allow" value="\(allow)">\
            <button type="submit" aria-label="\(label) \(account.email) to open tips">\(label)</button></form>
            """
    }

    private func actions(_ account: OperatorAccount) -> HTML {
        guard account.disabledAt == nil, account.id != session.accountID else { return "" }
        return """
            <form method="post" action="/admin/accounts/\(account.id.uuidString.lowercased())/disable" class="inline">\
            <input type="hidden" name="form_token" value="\(session.formToken)">\
            <button type="submit" aria-label="Disable \(account.email)">Disable</button></form>
            """
    }

    private var tokenTable: HTML {
        let rows = tokens.map { token -> HTML in
            let revoke: HTML = token.revokedAt != nil ? "" : """
                <form method="post" action="/admin/tokens/\(token.id.uuidString.lowercased())/revoke" class="inline">\
                <input type="hidden" name="form_token" value="\(session.formToken)">\
                <button type="submit" aria-label="Revoke the token \(token.name)">Revoke</button></form>
                """
            return Layout.row([HTML(escaping: token.name), HTML(escaping: token.tenants.joined(separator: ", ")), token.readOnly ? "read-only" : "read and write",
                               HTML(escaping: Format.instant(token.createdAt)), HTML(escaping: Format.instant(token.expiresAt)),
                               Format.optional(token.lastUsedAt.map(Format.instant)), status(token), revoke])
        }
        return Layout.table(id: "token-list", caption: "Bearer tokens of the operators' API (secrets are never shown again)",
                            headers: ["Name", "Tenants", "Access", "Created", "Expires", "Last used", "Status", "Actions"], rows: rows, empty: "No tokens.")
    }

    private func status(_ token: APIToken) -> HTML {
        if let revoked = token.revokedAt { return "<span class=\"bad\">revoked \(Format.instant(revoked))</span>" }
        return token.isExpired() ? "<span class=\"bad\">expired</span>" : "active"
    }
}
