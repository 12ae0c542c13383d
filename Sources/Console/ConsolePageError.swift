import Hummingbird
import WebCommon

/// What a console route answers instead of its page: a redirect, or an error page. A
/// tenant or record the account may not see is `notFound`, exactly like one that does
/// not exist.
public struct ConsolePageError: Error, HTTPResponseError, Sendable {
    enum Kind: Sendable {
        case redirect(String)
        case page(HTTPResponse.Status, title: String, message: String)
    }

    let kind: Kind

    /// Go to `location` (303).
    static func redirect(_ location: String) -> Self { Self(kind: .redirect(location)) }

    /// The 404 page.
    static let notFound = Self(kind: .page(.notFound, title: "Not found", message: "There is no such page, or you may not see it."))

    /// A refused post (another site's form, or a stale token).
    static let forbidden = Self(kind: .page(.forbidden, title: "Refused",
                                            message: "This form could not be accepted. Go back, reload the page and try again."))

    /// A post that no longer applies to the record as it stands now.
    static func conflict(_ message: String) -> Self { Self(kind: .page(.conflict, title: "Nothing changed", message: message)) }

    /// Something the account may not do, said plainly (403).
    static func refused(_ message: String) -> Self { Self(kind: .page(.forbidden, title: "Not allowed", message: message)) }

    /// A form or parameter the console cannot read.
    static func badRequest(_ message: String) -> Self { Self(kind: .page(.badRequest, title: "Bad request", message: message)) }

    public var status: HTTPResponse.Status {
        switch kind {
        case .redirect: .seeOther
        case .page(let status, _, _): status
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        switch kind {
        case .redirect(let location):
            return Response.redirect(to: location, type: .normal)
        case .page(let status, let title, let message):
            let body: HTML = "<h1>\(title)</h1><p>\(message)</p><p><a href=\"/\">Back to the overview</a></p>"
            return PageHeaders.html(status, Layout.page(title: title, body: body).markup, inlineStyles: false)
        }
    }
}
