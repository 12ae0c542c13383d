import Foundation
import Hummingbird
import Logging
import Storage

/// Authenticates every API request by its `Authorization: Bearer …` header: the
/// secret's SHA-256 must belong to a token that is neither revoked nor expired.
/// Missing, malformed, unknown, revoked and expired tokens all get the same 401; a
/// read-only token gets 403 for any method but GET and HEAD.
///
/// A request with a well-formed token takes a permit of the daemon's ``PublicGate`` for
/// its whole handling (503 `busy` with `Retry-After` when public traffic is shed), so
/// that a flood of bogus tokens costs the tenants' schedulers nothing.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let tokens: APITokenRepository
    let gate: PublicGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw APIError.unauthorized }
        let secret = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard APITokenSecret.isWellFormed(secret) else { throw APIError.unauthorized }
        do {
            try await gate.acquire()
        } catch {
            throw APIError.busy(retryAfter: error.retryAfter)
        }
        do {
            let response = try await authenticated(secret, request, context: context, next: next)
            await gate.release()
            return response
        } catch {
            await gate.release()
            throw error
        }
    }

    private func authenticated(_ secret: String, _ request: Request, context: Context,
                               next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = try await tokens.authenticate(secret: secret) else { throw APIError.unauthorized }
        if token.readOnly, request.method != .get, request.method != .head { throw APIError.readOnlyToken }
        var context = context
        context.token = token
        context.logger[metadataKey: "api.token"] = "\(token.name)"
        return try await next(request, context)
    }
}
