import Crypto
import Foundation
import Hummingbird
import WebCommon

/// The session cookie: a 256-bit random id, of which the database keeps only the
/// SHA-256. `HttpOnly`, `SameSite=Strict`, `Path=/`, and `Secure` when the request came
/// over HTTPS (directly, or through a trusted proxy that says so).
public enum SessionCookie {
    public static let name = "attest_console_session"
    /// The cookie of the sign-in form's token (double submit, before any session exists).
    public static let signInName = "attest_console_sign_in"

    /// A new session id (43 characters of base64url).
    public static func newID() -> String {
        Data.random(count: 32).base64URL
    }

    /// The SHA-256 of an id, as stored.
    public static func hash(_ id: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(id.utf8)))
    }

    /// The well-formed session id the request carries, if any.
    public static func id(in request: Request, name: String = SessionCookie.name) -> String? {
        guard let value = request.cookies[name]?.value, value.count == 43,
              value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return value
    }

    /// The `Set-Cookie` value for `id`.
    public static func setCookie(_ id: String, name: String = SessionCookie.name, secure: Bool) -> String {
        "\(name)=\(id); Path=/; HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }

    /// The `Set-Cookie` value that removes the cookie.
    public static func clear(name: String = SessionCookie.name, secure: Bool) -> String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict\(secure ? "; Secure" : "")"
    }
}
