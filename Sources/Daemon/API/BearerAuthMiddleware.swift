import Foundation
import Hummingbird
import Logging
import Storage

/// Authenticates every API request by its `Authorization: Bearer …` header: the
/// secret's SHA-256 must belong to a token that is neither revoked nor expired.
/// Missing, malformed, unknown, revoked and expired tokens all get the same 401; a
/// read-only token gets 403 for any method but GET and HEAD.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let tokens: APITokenRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw APIError.unauthorized }
        let secret = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let token = try await tokens.authenticate(secret: secret) else { throw APIError.unauthorized }
        if token.readOnly, request.method != .get, request.method != .head { throw APIError.readOnlyToken }
        var context = context
        context.token = token
        context.logger[metadataKey: "api.token"] = "\(token.name)"
        return try await next(request, context)
    }
}
