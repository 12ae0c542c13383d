import Hummingbird
import Logging
import Storage

/// Finds the request's session from its cookie (pushing its idle expiry back) and
/// puts it in the context. It lets every request through: routes decide what a
/// request without a session, or with a session half-way through sign-in, may see.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext
    let store: ConsoleSessionStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let id = SessionCookie.id(in: request), let session = try await store.resume(idHash: SessionCookie.hash(id)) {
            context.session = session
            context.sessionID = id
            context.logger[metadataKey: "console.account"] = "\(session.accountID)"
        }
        return try await next(request, context)
    }
}

extension ConsoleRequestContext {
    /// The signed-in session, or a redirect to the step of the sign-in it is at.
    func signedIn() throws(ConsolePageError) -> ConsoleSession {
        guard let session else { throw .redirect("/sign-in") }
        switch session.stage {
        case .signedIn: return session
        case .secondFactor: throw .redirect("/sign-in/second-factor")
        case .newPassword: throw .redirect("/sign-in/new-password")
        }
    }

    /// The session if it is at `stage`, or a redirect to where it is.
    func session(at stage: ConsoleSession.Stage) throws(ConsolePageError) -> ConsoleSession {
        guard let session else { throw .redirect("/sign-in") }
        guard session.stage == stage else {
            switch session.stage {
            case .signedIn: throw .redirect("/")
            case .secondFactor: throw .redirect("/sign-in/second-factor")
            case .newPassword: throw .redirect("/sign-in/new-password")
            }
        }
        return session
    }
}
