import Crypto
import Foundation
import Hummingbird
import WebCommon

/// Keeps other sites from posting the tip forms, twice over:
///
/// - a browser's own word: a post whose `Sec-Fetch-Site` is not `same-origin`, or whose
///   `Origin` is not this server's, is refused;
/// - a token in the form bound to a cookie (double submit, signed): the cookie holds a
///   random value (`SameSite=Strict`, `HttpOnly`), the form the HMAC-SHA256 of that
///   value and the tenant under the tenant's own form secret (`attest.tenants.form_secret`),
///   so another site can neither read nor make a pair that matches.
struct TipFormGuard: Sendable {
    static let cookieName = "attest_tip_form"
    /// The HMAC key's bytes (`SymmetricKey` is not `Sendable` in swift-crypto 3).
    private let key: Data

    init(key: Data) {
        self.key = key
    }

    /// The token for the request's cookie, and the `Set-Cookie` value when the request
    /// had no usable cookie (a new one is made); `secure` when the client uses HTTPS
    /// (``RequestOrigin/isHTTPS``: directly, or as a trusted proxy says).
    func issue(for request: Request, slug: String, secure: Bool) -> (token: String, setCookie: String?) {
        if let cookie = Self.cookie(in: request) {
            return (token(cookie: cookie, slug: slug), nil)
        }
        let cookie = Self.randomValue()
        let setCookie = "\(Self.cookieName)=\(cookie); Path=/t/\(slug)/tips; HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
        return (token(cookie: cookie, slug: slug), setCookie)
    }

    /// Whether a post comes from this site's own form: same origin, and a token that
    /// matches its cookie.
    func allows(_ request: Request, token: String?, slug: String) -> Bool {
        guard Self.isSameOrigin(request), let token, let cookie = Self.cookie(in: request) else { return false }
        let expected = self.token(cookie: cookie, slug: slug)
        return Data(token.utf8).count == Data(expected.utf8).count
            && zip(Data(token.utf8), Data(expected.utf8)).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func isSameOrigin(_ request: Request) -> Bool {
        SameOrigin.allows(request)
    }

    private func token(cookie: String, slug: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(slug)\n\(cookie)".utf8), using: SymmetricKey(data: key))
        return Data(mac).base64URL
    }

    private static func cookie(in request: Request) -> String? {
        guard let value = request.cookies[cookieName]?.value, value.count == 43,
              value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return value
    }

    private static func randomValue() -> String {
        Data.random(count: 32).base64URL
    }
}
