import Foundation
import Hummingbird

/// An error answered as `{"error": {"code": …, "message": …, "field": …}}`.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public let status: HTTPResponse.Status
    /// A stable machine-readable code (`not_found`, `invalid_field` …).
    public let code: String
    public let message: String
    /// The JSON field or query parameter at fault, if one is.
    public let field: String?
    /// Seconds to wait before trying again (`Retry-After`), for 503.
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
    }

    /// Missing, unknown and revoked tokens all get this same answer.
    public static let unauthorized = APIError(
        .unauthorized, code: "unauthorized", "a valid bearer token is required (Authorization: Bearer attest_…)")

    /// A write (any method but GET and HEAD) with a read-only token.
    public static let readOnlyToken = APIError(
        .forbidden, code: "read_only_token", "this token may only read: GET and HEAD requests; make a token without --read-only to write")

    /// Public traffic is shed (``PublicGate``): try again after `retryAfter` seconds.
    static func busy(retryAfter: Int) -> APIError {
        APIError(.serviceUnavailable, code: "busy", "the daemon is shedding public requests; try again in \(retryAfter) seconds",
                 retryAfter: retryAfter)
    }

    /// A value that is missing, of the wrong type or out of range.
    static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.unprocessableContent, code: "invalid_field", "\(field): \(message)", field: field)
    }

    /// A query parameter that is not usable.
    static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", "\(name): \(message)", field: name)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(.notFound, code: "not_found", message)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="attest""# }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = ErrorBody(error: .init(code: code, message: message, field: field))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try APIJSON.encoder.encode(body))))
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let field: String?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)
            }

            enum CodingKeys: String, CodingKey { case code, message, field }
        }

        let error: Detail
    }
}
