import Foundation
import Hummingbird
import Logging
import Storage

/// Authenticates every API request by its `Authorization: Bearer …` header: the
/// secret's SHA-256 must belong to a token that is not revoked. Missing, malformed,
/// unknown and revoked tokens all get the same 401.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let tokens: APITokenRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw APIError.unauthorized }
        let secret = header.dropFirst("Bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let token = try await tokens.authenticate(secret: secret) else { throw APIError.unauthorized }
        var context = context
        context.token = token
        context.logger[metadataKey: "api.token"] = "\(token.name)"
        return try await next(request, context)
    }
}
