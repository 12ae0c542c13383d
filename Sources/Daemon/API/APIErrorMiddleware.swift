import Compliance
import Hummingbird
import Logging
import NIOCore
import PostgresNIO
import Storage

/// Turns every error of an API route into a JSON error: the API's own, Hummingbird's
/// (413 from a capped body), the storage layer's (not found, broken record rules) and
/// anything else as a 500 that is logged, never shown.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Self.apiError(for: error, logger: context.logger).response(from: request, context: context)
        }
    }

    static func apiError(for error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(APILimits.maxBodyBytes) bytes")
        case let error as HTTPError where error.status == .contentTooLarge:
            return APIError(.contentTooLarge, code: "body_too_large", "the request body is larger than \(APILimits.maxBodyBytes) bytes")
        case let error as HTTPError:
            return APIError(error.status, code: "http_error", error.body ?? error.status.reasonPhrase)
        case let error as RecordViolation:
            return APIError(.unprocessableContent, code: "rule_violation", error.description, field: error.field)
        case let error as StorageError where error.kind == .notFound:
            return .notFound(error.message)
        case let error as StorageError where error.kind == .invalidInput:
            return APIError(.unprocessableContent, code: "rule_violation", error.message, field: Self.field(in: error.message))
        case let error as StorageError where error.kind == .conflict:
            return APIError(.conflict, code: "conflict", error.message)
        case let error as RuleError:
            return APIError(.unprocessableContent, code: "rule_violation", error.description)
        case let error as CalendarError:
            return APIError(.unprocessableContent, code: "rule_violation", "a deadline cannot be worked out: \(error.description)")
        default:
            logger.error("API request failed", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            return APIError(.internalServerError, code: "internal_error", "the request failed; the daemon's log has the details")
        }
    }

    /// Record-rule messages start with the field they concern (`reviewer: …`).
    private static func field(in message: String) -> String? {
        guard let colon = message.firstIndex(of: ":") else { return nil }
        let candidate = message[..<colon]
        return candidate.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) && !candidate.isEmpty ? String(candidate) : nil
    }
}
