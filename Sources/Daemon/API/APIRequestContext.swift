import Hummingbird
import Storage

/// The request context of `/api/v1`: the token that authenticated the request, set
/// by ``BearerAuthMiddleware``.
public struct APIRequestContext: ChildRequestContext {
    public typealias ParentContext = DaemonRequestContext
    public var coreContext: CoreRequestContextStorage
    /// The authenticated token (nil only before the middleware ran).
    public var token: AuthenticatedToken?

    public init(context: DaemonRequestContext) throws {
        // The parent's storage carries the route's parameters (a fresh one would not).
        self.coreContext = context.coreContext
        self.token = nil
    }

    /// Request bodies larger than this are refused with 413.
    public var maxUploadSize: Int { APILimits.maxBodyBytes }

    /// The token, or 401 when none authenticated the request.
    func requireToken() throws(APIError) -> AuthenticatedToken {
        guard let token else { throw APIError.unauthorized }
        return token
    }
}

/// The sizes the API caps.
public enum APILimits {
    /// Largest request body accepted (bytes).
    public static let maxBodyBytes = 16 * 1024
    /// Default and largest page size of the list routes.
    public static let defaultPageSize = 50
    public static let maxPageSize = 200
    /// Largest agenda window (days).
    public static let maxAgendaDays = 366
}
