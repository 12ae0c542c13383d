import Daemon
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Storage
import TestSupport

/// Test helpers for the tip form: a database with tenants `acme`, `beta`, `other` and
/// `nokey` granted to a fresh daemon role (each but `nokey` with a tip key), the form's
/// application, and a browser-like client session.
enum TipFormFixture {
    /// Runs `body` with a migrated database, its daemon role and the key ring that opens
    /// the tenants' tips (a fresh key directory, removed afterwards).
    static func withTenants(_ body: (TestDatabase, String, TipKeyRing) async throws -> Void) async throws {
        try await TestTipKeys.with { keys in try await TestDatabase.withFresh { database in
            let role = try await database.createDaemonRole()
            try await database.withDatabase(role: "attest_operator") { db in
                let tenants = TenantRepository(database: db)
                let contact = TenantContact(name: "Jane Doe", email: "jane@acme.example", role: .compliance)
                _ = try await tenants.add(try TenantDraft(slug: "acme", legalName: "Acme Foods LLC", timeZone: "America/Chicago",
                                                          contacts: [contact], daemonRoles: [role]))
                _ = try await tenants.add(try TenantDraft(slug: "beta", legalName: "Beta Corp", timeZone: "UTC", daemonRoles: [role]))
                _ = try await tenants.add(try TenantDraft(slug: "other", legalName: "Other", timeZone: "UTC", daemonRoles: [role]))
                _ = try await tenants.add(try TenantDraft(slug: "nokey", legalName: "No Key Inc", timeZone: "UTC", daemonRoles: [role]))
                for slug in ["acme", "beta", "other"] {
                    try await keys.make(for: slug, database: db)
                }
            }
            try await body(database, role, keys.ring)
        } }
    }

    /// The form's application for `acme`, `beta` and `nokey` (not `other`), as the daemon builds it.
    static func application(
        database: Database, limits: TipFormController.Limits = .init(), trustedProxies: Set<String> = []
    ) -> some ApplicationProtocol {
        let router = Router(context: DaemonRequestContext.self)
        TipFormController(selection: .slugs(["acme", "beta", "nokey"]), database: database,
                          logger: TestDatabase.logger, limits: limits, trustedProxies: trustedProxies).addRoutes(to: router)
        return Application(router: router, logger: TestDatabase.logger)
    }
}

/// One reporter's browser: the form's cookie and token, and form posts.
struct TipFormSession {
    let client: any TestClientProtocol
    let slug: String
    var cookie = ""
    var token = ""

    init(_ client: any TestClientProtocol, slug: String = "acme") {
        self.client = client
        self.slug = slug
    }

    /// Opens a page with a form and keeps its cookie and token.
    mutating func open(_ path: String = "") async throws -> TestResponse {
        let response = try await client.execute(uri: "/t/\(slug)/tips\(path)", method: .get, headers: [:], body: nil)
        if let setCookie = response.headers[.setCookie], let pair = setCookie.split(separator: ";").first { cookie = String(pair) }
        token = Self.value(of: "csrf", in: String(buffer: response.body)) ?? ""
        return response
    }

    /// Posts `fields` (plus the token and language unless given) as a same-origin browser would.
    func post(_ fields: [String: String], to path: String = "", headers extra: HTTPFields = [:], withToken: Bool = true) async throws -> TestResponse {
        var fields = fields
        if withToken, fields["csrf"] == nil { fields["csrf"] = token }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"]
        headers[HTTPFields.Element.Name("Sec-Fetch-Site")!] = "same-origin"
        if !cookie.isEmpty { headers[.cookie] = cookie }
        for field in extra { headers[field.name] = field.value }
        return try await client.execute(uri: "/t/\(slug)/tips\(path)", method: .post, headers: headers,
                                        body: ByteBuffer(string: Self.encode(fields)))
    }

    /// Submits a tip and returns the receipt code shown.
    func submit(_ text: String, contact: String = "") async throws -> String {
        let response = try await post(["text": text, "contact": contact])
        guard response.status == .ok, let code = Self.receiptCode(in: String(buffer: response.body)) else {
            throw TestSetupError("no receipt: \(response.status) \(String(buffer: response.body))")
        }
        return code
    }

    static func receiptCode(in html: String) -> String? {
        guard let range = html.range(of: #"id="receipt-code">([A-Z2-7-]{23})<"#, options: .regularExpression) else { return nil }
        return String(html[range].dropFirst(#"id="receipt-code">"#.count).dropLast())
    }

    static func value(of field: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(field)" value="[^"]*""#, options: .regularExpression) else { return nil }
        return String(html[range].split(separator: "\"")[3])
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
