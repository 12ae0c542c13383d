import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A minimal browser over the router client: keeps cookies, reads form tokens, and
/// walks the sign-in steps.
struct ConsoleBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// Every `Set-Cookie` header seen, in order.
    var setCookies: [String] = []
    /// The TOTP secret enrolled by this browser's account.
    var secret: [UInt8]?
    /// The moment whose code was last entered.
    var codeEnteredAt: Date?

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String

        var location: String? { headers[.location] }

        /// The value of the first hidden `form_token` field.
        var formToken: String? { value(after: "name=\"form_token\" value=\"") }

        func value(after marker: String) -> String? {
            guard let start = body.range(of: marker) else { return nil }
            return String(body[start.upperBound...].prefix { $0 != "\"" && $0 != "<" })
        }
    }

    mutating func get(_ path: String, headers: HTTPFields = [:]) async throws -> Page {
        try await send(path, method: .get, headers: headers, body: nil)
    }

    mutating func post(_ path: String, _ fields: [String: String], headers: HTTPFields = [:]) async throws -> Page {
        let body = fields.sorted { $0.key < $1.key }.map { key, value in
            "\(Self.encode(key))=\(Self.encode(value))"
        }.joined(separator: "&")
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(path, method: .post, headers: headers, body: body)
    }

    mutating func send(_ path: String, method: HTTPRequest.Method, headers: HTTPFields, body: String?) async throws -> Page {
        var headers = headers
        if !cookies.isEmpty, headers[.cookie] == nil {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[values: .setCookie] {
            setCookies.append(header)
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    /// Signs in with the password, enrolls (or answers) the second factor, replaces a
    /// one-time password: the overview's page at the end.
    /// `codeAt` is the moment whose code is entered (a later step than a code used before).
    mutating func signIn(email: String, password: String, newPassword: String = ConsoleFixture.newPassword,
                         codeAt: Date = Date()) async throws -> Page {
        let form = try await get("/sign-in")
        let afterPassword = try await post("/sign-in", ["email": email, "password": password, "form_token": try #require(form.formToken)])
        #expect(afterPassword.status == .seeOther && afterPassword.location == "/sign-in/second-factor", "\(afterPassword.body)")
        let factor = try await get("/sign-in/second-factor")
        if let key = factor.value(after: "id=\"totp-secret\">") { secret = Base32.decode(key) }
        let code = SecondFactor(secret: try #require(secret, "no enrolment key: \(factor.body)")).currentCode(at: codeAt)
        codeEnteredAt = codeAt
        var next = try await post("/sign-in/second-factor", ["code": code, "form_token": try #require(factor.formToken)])
        if next.location == "/sign-in/new-password" {
            let page = try await get("/sign-in/new-password")
            next = try await post("/sign-in/new-password", ["password": newPassword, "confirm": newPassword,
                                                            "form_token": try #require(page.formToken)])
        }
        #expect(next.status == .seeOther && next.location == "/", "\(next.status) \(next.body)")
        return try await get("/")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// RFC 4648 base32 decoding (the enrolment page shows the key in base32).
enum Base32 {
    static func decode(_ text: String) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0, value = 0
        var output: [UInt8] = []
        for character in text.uppercased() where character != "=" {
            guard let index = alphabet.firstIndex(of: character) else { continue }
            value = (value << 5) | index
            bits += 5
            if bits >= 8 {
                output.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return output
    }
}
