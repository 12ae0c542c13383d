import Foundation
import Hummingbird
import Logging
import Storage
import WebCommon

/// Sign-in and sign-out:
///
/// - `GET|POST /sign-in`: e-mail and password (bcrypt); a wrong password, an unknown
///   account and a disabled one get the same answer;
/// - `GET|POST /sign-in/second-factor`: enrolment of a TOTP secret at the first
///   sign-in, a code afterwards (a code is never accepted twice);
/// - `GET|POST /sign-in/new-password`: replaces a one-time password;
/// - `POST /sign-out`.
///
/// Each step starts a new session id (a fixated id is worthless), failures count
/// towards a lockout per account and per source, and every outcome is written to the
/// accounts' trail. Passwords, codes and secrets are never logged.
struct SignInController: Sendable {
    let store: ConsoleSessionStore
    let throttle: SignInThrottle
    let settings: ConsoleSettings

    func addRoutes(to router: Router<ConsoleRequestContext>) {
        router.get("sign-in") { request, context in try showSignIn(request, context) }
        router.post("sign-in") { request, context in try await signIn(request, context) }
        router.get("sign-in/second-factor") { _, context in try await showSecondFactor(context) }
        router.post("sign-in/second-factor") { request, context in try await verifyCode(request, context) }
        router.get("sign-in/new-password") { _, context in
            page(.ok, SignInPages.newPassword(session: try context.session(at: .newPassword)))
        }
        router.post("sign-in/new-password") { request, context in try await changePassword(request, context) }
        router.post("sign-out") { request, context in try await signOut(request, context) }
    }

    private func showSignIn(_ request: Request, _ context: ConsoleRequestContext) throws -> Response {
        if context.session?.stage == .signedIn { return Response.redirect(to: "/") }
        let (token, cookie) = signInToken(request, context)
        return page(.ok, SignInPages.password(token: token), cookies: cookie.map { [$0] } ?? [])
    }

    private func signIn(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let form = try await ConsoleForm.read(request, context: context, expectedToken: SessionCookie.id(in: request, name: SessionCookie.signInName))
        let (token, _) = signInToken(request, context)
        let origin = origin(request, context)
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form["password"] ?? ""
        guard !email.isEmpty, !password.isEmpty else {
            return page(.badRequest, SignInPages.password(token: token, email: email, error: "Enter your e-mail address and your password."))
        }
        if try await throttle.isLocked(email: email, origin: origin) {
            return page(.tooManyRequests, SignInPages.locked(token: token), extra: [.retryAfter: "900"])
        }
        let credentials = try await store.credentials(email: email)
        let matches = try await PasswordHashing.verify(password, hashIfAny: credentials?.passwordHash)
        guard let credentials, matches, !credentials.isDisabled else {
            try await throttle.fail(email: email, origin: origin, accountID: credentials?.accountID, step: "password")
            context.logger.info("console sign-in refused", metadata: ["console.step": "password"])
            return page(.unauthorized, SignInPages.password(token: token, email: email, error: "The e-mail address or the password is wrong."))
        }
        return try await advance(context, origin: origin, account: credentials.accountID, to: .secondFactor, then: "/sign-in/second-factor",
                                 clearSignInCookie: true)
    }

    private func showSecondFactor(_ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.session(at: .secondFactor)
        if session.hasSecondFactor { return page(.ok, SignInPages.code(session: session)) }
        return page(.ok, try await enrolmentPage(session))
    }

    private func enrolmentPage(_ session: ConsoleSession, error: String? = nil) async throws -> HTML {
        let factor: SecondFactor
        if let secret = session.enrollingSecret {
            factor = SecondFactor(secret: secret)
        } else {
            factor = SecondFactor.generate()
            try await store.setEnrollingSecret(factor.secret, session: session)
        }
        return SignInPages.enrolment(session: session, key: factor.base32Key(account: session.email),
                                     uri: factor.authenticatorURI(account: session.email), error: error)
    }

    private func verifyCode(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.session(at: .secondFactor)
        let form = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        let origin = origin(request, context)
        if try await throttle.isLocked(email: session.email, origin: origin) {
            try await store.end(session)
            return page(.tooManyRequests, SignInPages.locked(token: signInToken(request, context).token), extra: [.retryAfter: "900"])
        }
        let enrolling = !session.hasSecondFactor
        let secret = enrolling ? session.enrollingSecret : try await store.credentials(email: session.email)?.totpSecret
        let step = secret.flatMap { SecondFactor(secret: $0).acceptedStep(for: form["code"] ?? "") }
        guard let secret, let step, try await store.acceptCode(step: step, accountID: session.accountID, enrolling: enrolling ? secret : nil) else {
            try await throttle.fail(email: session.email, origin: origin, accountID: session.accountID, step: "second_factor")
            context.logger.info("console sign-in refused", metadata: ["console.step": "second_factor"])
            let error = "That code is not right. Enter the code your authenticator app shows now."
            return page(.unauthorized, enrolling ? try await enrolmentPage(session, error: error) : SignInPages.code(session: session, error: error))
        }
        let next: ConsoleSession.Stage = session.passwordIsTemporary ? .newPassword : .signedIn
        var events: [(action: String, details: [String: String])] = enrolling ? [("second_factor_enrolled", [:])] : []
        if next == .signedIn { events.append(("signed_in", ["source": Self.source(origin)])) }
        return try await advance(context, origin: origin, account: session.accountID, to: next,
                                 then: next == .signedIn ? "/" : "/sign-in/new-password", events: events)
    }

    private func changePassword(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.session(at: .newPassword)
        let form = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        let password = form["password"] ?? ""
        if let problem = PasswordHashing.problem(with: password, email: session.email) {
            return page(.badRequest, SignInPages.newPassword(session: session, error: problem))
        }
        guard password == form["confirm"] else {
            return page(.badRequest, SignInPages.newPassword(session: session, error: "The two passwords differ: type the same one twice."))
        }
        if try await PasswordHashing.verify(password, hashIfAny: try await store.credentials(email: session.email)?.passwordHash) {
            return page(.badRequest, SignInPages.newPassword(session: session, error: "Choose a password other than the one-time password."))
        }
        try await store.changePassword(hash: try await PasswordHashing.hash(password, cost: settings.bcryptCost), session: session)
        let origin = origin(request, context)
        return try await advance(context, origin: origin, account: session.accountID, to: .signedIn, then: "/",
                                 events: [("signed_in", ["source": Self.source(origin)])])
    }

    private func signOut(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        guard let session = context.session else { return Response.redirect(to: "/sign-in") }
        _ = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        try await store.end(session)
        var response = Response.redirect(to: "/sign-in")
        response.headers.append(HTTPFields.Element(name: .setCookie, value: SessionCookie.clear(secure: origin(request, context).isHTTPS)))
        return response
    }

    /// Starts the session of the next step under a new id, ending the current one.
    private func advance(
        _ context: ConsoleRequestContext, origin: RequestOrigin, account: UUID, to stage: ConsoleSession.Stage, then location: String,
        events: [(action: String, details: [String: String])] = [], clearSignInCookie: Bool = false
    ) async throws -> Response {
        let id = SessionCookie.newID()
        try await store.start(idHash: SessionCookie.hash(id), accountID: account, stage: stage, formToken: SessionCookie.newID(),
                              replacing: context.sessionID.map(SessionCookie.hash), events: events)
        if stage == .signedIn { context.logger.info("console sign-in", metadata: ["console.account": "\(account)"]) }
        var response = Response.redirect(to: location)
        response.headers.append(HTTPFields.Element(name: .setCookie, value: SessionCookie.setCookie(id, secure: origin.isHTTPS)))
        if clearSignInCookie {
            response.headers.append(HTTPFields.Element(name: .setCookie, value: SessionCookie.clear(name: SessionCookie.signInName, secure: origin.isHTTPS)))
        }
        return response
    }

    /// The sign-in form's token: the value of its cookie (made anew when missing).
    private func signInToken(_ request: Request, _ context: ConsoleRequestContext) -> (token: String, setCookie: String?) {
        if let token = SessionCookie.id(in: request, name: SessionCookie.signInName) { return (token, nil) }
        let token = SessionCookie.newID()
        return (token, SessionCookie.setCookie(token, name: SessionCookie.signInName, secure: origin(request, context).isHTTPS))
    }

    private func origin(_ request: Request, _ context: ConsoleRequestContext) -> RequestOrigin {
        RequestOrigin(request, peer: context.peerAddress, trustedProxies: settings.trustedProxies)
    }

    private static func source(_ origin: RequestOrigin) -> String {
        String(origin.throttleKey.dropFirst("source:".count))
    }

    private func page(_ status: HTTPResponse.Status, _ html: HTML, cookies: [String] = [], extra: HTTPFields = [:]) -> Response {
        PageHeaders.html(status, html.markup, inlineStyles: false, cookies: cookies, extra: extra)
    }
}
