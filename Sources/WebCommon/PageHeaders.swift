import Foundation
import Hummingbird

/// The headers of Attest's server-rendered pages (tip form, console): a strict content
/// security policy (nothing from elsewhere, no script at all, styles inline only where
/// a page needs them), no caching, no framing, no sniffing.
public enum PageHeaders {
    public static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!
    public static let frameOptions = HTTPFields.Element.Name("X-Frame-Options")!
    public static let fetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!
    public static let forwardedProto = HTTPFields.Element.Name("X-Forwarded-Proto")!
    public static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For")!
    public static let forwarded = HTTPFields.Element.Name("Forwarded")!

    /// The policy: styles from this origin (and inline ones when `inlineStyles`), images
    /// from this origin, no script, forms posted here only, no framing.
    public static func contentSecurityPolicy(inlineStyles: Bool) -> String {
        "default-src 'none'; style-src \(inlineStyles ? "'unsafe-inline'" : "'self'"); img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// An HTML response with these headers. The referrer policy is `same-origin`: under
    /// `no-referrer` a browser posts forms with `Origin: null`, which the origin check refuses.
    public static func html(
        _ status: HTTPResponse.Status, _ html: String, inlineStyles: Bool, cookies: [String] = [], extra: HTTPFields = [:]
    ) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: contentSecurityPolicy(inlineStyles: inlineStyles),
            .cacheControl: "no-store",
            .xContentTypeOptions: "nosniff",
            referrerPolicy: "same-origin",
            frameOptions: "DENY",
        ]
        for cookie in cookies { headers.append(HTTPFields.Element(name: .setCookie, value: cookie)) }
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page written while it is made (`body` writes its parts), with the headers of ``html(_:_:inlineStyles:cookies:extra:)``.
    public static func streamedHTML(_ status: HTTPResponse.Status, inlineStyles: Bool,
                                    _ body: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        var response = html(status, "", inlineStyles: inlineStyles)
        response.body = ResponseBody(body)
        return response
    }
}

/// Whether a browser says a post comes from a page of this same site.
public enum SameOrigin {
    /// `Sec-Fetch-Site` (when sent) must say same-origin and `Origin` (when sent) must
    /// name the host the request was made to. Clients that send neither (not a browser,
    /// or a very old one) must still show the form's token.
    public static func allows(_ request: Request) -> Bool {
        if let site = request.headers[PageHeaders.fetchSite], site.lowercased() != "same-origin" { return false }
        guard let origin = request.headers[.origin] else { return true }
        guard let url = URL(string: origin), let host = url.host, let authority = request.head.authority?.lowercased() else { return false }
        let port = url.port.map { ":\($0)" } ?? ""
        return [host + port, "[\(host)]" + port].map { $0.lowercased() }.contains(authority)
    }
}

extension Data {
    /// Base64 with the URL alphabet and no padding (cookie- and form-safe).
    public var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// `count` random bytes from the system's generator.
    public static func random(count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}
