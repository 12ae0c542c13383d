import Foundation
import Hummingbird
import WebCommon

/// A posted console form, read only if it comes from the console itself: the browser
/// must not say it is cross-site (`Sec-Fetch-Site`, `Origin`), and the form must carry
/// the token of its session (or, before sign-in, the token of the sign-in cookie).
struct ConsoleForm: Sendable {
    let fields: FormFields

    subscript(name: String) -> String? { fields[name] }

    /// Reads and checks the form of `request` against `expectedToken`.
    static func read(_ request: Request, context: ConsoleRequestContext, expectedToken: String?) async throws(ConsolePageError) -> ConsoleForm {
        guard SameOrigin.allows(request) else { throw .forbidden }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw .badRequest("The form is too large.")
        }
        guard let fields = String(validating: body.readableBytesView, as: UTF8.self).flatMap(FormFields.init(body:)) else {
            throw .badRequest("The form could not be read.")
        }
        guard let expectedToken, let token = fields["form_token"], Self.equal(token, expectedToken) else { throw .forbidden }
        return ConsoleForm(fields: fields)
    }

    /// Compares in time independent of where the strings differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
