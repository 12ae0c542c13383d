import Foundation
import Hummingbird
import Storage
import WebCommon

/// The deliveries that need an operator, across every tenant the account may see:
/// failed, of unknown outcome, or still retrying after several attempts, each with the
/// relay's last reply and two actions. "Retry now" makes it due at once and wakes the
/// tenant's daemon, which sends it with the same Message-ID; "cancel" stops it for
/// good. Both are recorded in the tenant's events with the account as the actor.
struct DeliveriesController: Sendable {
    let scope: ConsoleScope
    static let limit = 200

    func addRoutes(to router: Router<ConsoleRequestContext>) {
        router.get("deliveries") { request, context in try await page(request, context) }
        router.post("tenants/:slug/deliveries/:id/:intervention") { request, context in try await intervene(request, context) }
    }

    private func page(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.signedIn()
        let logger = context.logger
        let listed = try await scope.read(session) { connection in
            try await DeliveryQueue().needingAttention(limit: Self.limit, connection: connection, logger: logger)
        }
        let done = request.uri.queryParameters["done"].flatMap { DeliveryIntervention(rawValue: String($0)) }
        let notice: HTML = done.map { "<p class=\"notice\" role=\"status\">\(Self.sentence($0))</p>" } ?? ""
        let body: HTML = """
            <h1>Deliveries that need attention</h1>
            <div id="notice">\(notice)</div>
            <p>E-mails that failed, whose outcome is unknown (the relay did not answer after the message was sent: retrying may
            deliver it twice, with the same Message-ID), or that are still being retried after \(DeliveryQueue.longRetryAttempts) attempts
            or more. Retry now sends one at the daemon's next pass, at once; cancel stops it for good.</p>
            \(table(listed, session: session))
            """
        return PageHeaders.html(.ok, Layout.page(title: "Deliveries that need attention", session: session, body: body).markup,
                                inlineStyles: false)
    }

    private func table(_ listed: [DeliveryAttention], session: ConsoleSession) -> HTML {
        let rows = listed.map { item -> HTML in
            let d = item.delivery
            let reply = d.lastCode.map { "\($0) \(d.lastReply ?? "")" } ?? d.lastReply
            let base = "/tenants/\(Path.segment(item.tenantSlug))/deliveries/\(d.id.uuidString.lowercased())"
            let actions = DeliveryIntervention.allCases.map { action -> HTML in
                """
                <form method="post" action="\(base)/\(action.rawValue)" class="inline">\
                <input type="hidden" name="form_token" value="\(session.formToken)">\
                <button type="submit" aria-label="\(Self.label(action)) the delivery to \(d.recipient) of \(item.tenantName)">\(Self.label(action))</button></form>
                """
            }
            return Layout.row([
                "<a href=\"/tenants/\(item.tenantSlug)/deliveries\">\(item.tenantName)</a>", HTML(escaping: d.createdAt), HTML(escaping: d.recipient),
                "<span class=\"bad\">\(d.state)</span>", "\(d.attempt)", Format.optional(reply), HTML(joining: actions),
            ])
        }
        return Layout.table(id: "attention", caption: "Most recent first (at most \(Self.limit))",
                            headers: ["Client", "Created", "Recipient", "State", "Attempts", "Relay's last reply", "Actions"],
                            rows: rows, empty: "No delivery needs attention.")
    }

    private func intervene(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.signedIn()
        guard let intervention = DeliveryIntervention(rawValue: try context.parameters.require("intervention")),
              let id = UUID(uuidString: try context.parameters.require("id")) else { throw ConsolePageError.notFound }
        _ = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        let logger = context.logger
        let previous = try await scope.write(context) { tenant, connection in
            try await DeliveryQueue().intervene(intervention, delivery: id, context: tenant, connection: connection, logger: logger)
        }
        guard previous != nil else {
            throw ConsolePageError.conflict("This delivery is being sent, was sent or was cancelled meanwhile, or does not exist: nothing was changed.")
        }
        return Response.redirect(to: "/deliveries?done=\(intervention.rawValue)#notice", type: .normal)
    }

    private static func label(_ intervention: DeliveryIntervention) -> String {
        switch intervention {
        case .retry: "Retry now"
        case .cancel: "Cancel"
        }
    }

    private static func sentence(_ intervention: DeliveryIntervention) -> String {
        switch intervention {
        case .retry: "The delivery is due again: the client's daemon sends it now."
        case .cancel: "The delivery was cancelled: it will not be sent."
        }
    }
}
