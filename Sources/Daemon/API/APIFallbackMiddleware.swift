import Hummingbird

/// Answers requests under `/api/v1` that no route takes with the API's JSON error
/// instead of Hummingbird's plain text: 405 `method_not_allowed` (with `Allow`) when
/// the path is a route's with another method, else 404 `not_found`.
///
/// Added to the router after the API's routes, it wraps only the router's not-found
/// answer and the routes added later (which it passes through).
struct APIFallbackMiddleware: RouterMiddleware {
    typealias Context = DaemonRequestContext

    /// The API's routes: method and path segments (`{name}` matches any one segment).
    private let routes: [(method: HTTPRequest.Method, segments: [String])]

    init(routes: [Router<DaemonRequestContext>.RouteDescription]) {
        self.routes = routes.map { ($0.method, Self.segments($0.path.description)) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/api/v1" || path.hasPrefix("/api/v1/") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw answer(for: path)
        }
    }

    private func answer(for path: String) -> APIErrorWithHeaders {
        let segments = Self.segments(path)
        let methods = routes.filter { Self.matches($0.segments, segments) }.map(\.method.rawValue)
        guard !methods.isEmpty else {
            return APIErrorWithHeaders(error: .notFound("no API route \(path) (see docs/openapi.json)"), allow: nil)
        }
        let allowed = Set(methods).sorted().joined(separator: ", ")
        return APIErrorWithHeaders(error: APIError(.methodNotAllowed, code: "method_not_allowed", "\(path) takes only \(allowed)"), allow: allowed)
    }

    private static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    private static func matches(_ template: [String], _ segments: [String]) -> Bool {
        template.count == segments.count && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0.hasPrefix(":") || $0 == $1 }
    }
}

/// An ``APIError`` answered with an `Allow` header (405).
struct APIErrorWithHeaders: Error, HTTPResponseError {
    let error: APIError
    let allow: String?

    var status: HTTPResponse.Status { error.status }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try error.response(from: request, context: context)
        if let allow { response.headers[.allow] = allow }
        return response
    }
}
