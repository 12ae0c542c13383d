import Daemon
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The public tip form through the daemon's router, against a real database: what a
/// reporter sees, what is stored (sealed, no address, no user agent), and what is
/// refused (oversized, too fast, cross-site, without a token).
@Suite struct TipFormTests {
    private static let marker = "Plaintext-Marker-7Q ñandú"

    @Test func anonymousTipIsStoredSealedCreatesObligationsAndShowsItsStatus() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                try await TipFormFixture.application(database: db).test(.router) { client in
                    var session = TipFormSession(client)
                    let form = try await session.open()
                    #expect(form.status == .ok)
                    let csp = form.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"))
                    #expect(form.headers[.cacheControl] == "no-store")
                    #expect(form.headers[.setCookie]?.contains("SameSite=Strict") == true)
                    #expect(!String(buffer: form.body).contains("<script"))
                    let code = try await session.submit("I saw \(Self.marker) at the plant.")
                    #expect(TipReceiptCode(typed: code) != nil)

                    _ = try await session.open("/status")
                    let status = try await session.post(["code": code.lowercased()], to: "/status")
                    #expect(status.status == .ok)
                    #expect(status.headers[.cacheControl] == "no-store")
                    let html = String(buffer: status.body)
                    #expect(html.contains(#"data-status="received""#))
                    #expect(html.contains("There is no answer yet."))
                }
            }
            let row = try await Self.storedTip(database)
            #expect(row.anonymous && row.channel == "web" && row.language == "en" && row.hasText && !row.hasContact)
            #expect(row.markerHits == 0, "the tip's text is readable in the database")
            #expect(try await Self.trackingColumns(database).isEmpty)
            #expect(try await Self.obligationKinds(database, tip: row.id) == ["tip_acknowledge", "tip_investigate", "tip_respond"])
            #expect(try await Self.eventActions(database, tip: row.id) == ["tip.received"])
        }
    }

    @Test func tipWithContactIsSealedAndTheAnswerReachesTheReporter() async throws {
        try await TipFormFixture.withTenants { database, role, keys in
            try await database.withDatabase(role: role) { db in
                try await TipFormFixture.application(database: db).test(.router) { client in
                    var session = TipFormSession(client)
                    _ = try await session.open("?lang=es")
                    let code = try await session.post(["text": "Texto \(Self.marker)", "contact": "call me \(Self.marker)", "lang": "es"])
                    #expect(code.status == .ok)
                    #expect(String(buffer: code.body).contains("Informe recibido"))
                    let receipt = try #require(TipFormSession.receiptCode(in: String(buffer: code.body)))
                    let row = try await Self.storedTip(database)
                    #expect(!row.anonymous && row.hasContact && row.language == "es")
                    #expect(row.markerHits == 0, "the text or contact is readable in the database")
                    try await database.withDatabase(role: "attest_operator") { operatorDB in
                        _ = try await TenantWork(database: operatorDB).run(slug: "acme", actor: "os:test") { context, connection in
                            let repository = EventRecordsRepository()
                            let opened = try await repository.openTip(row.id, keys: keys, context: context, connection: connection, logger: TestDatabase.logger)
                            #expect(opened.text == "Texto \(Self.marker)" && opened.contact == "call me \(Self.marker)")
                            var tip = opened.tip
                            tip.publicAnswer = "Gracias, lo revisamos."
                            tip.respondedOn = tip.receivedOn
                            tip.status = .responded
                            return try await repository.saveTip(tip, context: context, connection: connection, logger: TestDatabase.logger)
                        }
                    }
                    _ = try await session.open("/status?lang=es")
                    let status = String(buffer: try await session.post(["code": receipt, "lang": "es"], to: "/status").body)
                    #expect(status.contains("Gracias, lo revisamos.") && status.contains("Respondido"))
                }
            }
        }
    }

    @Test func everyCodeThatMatchesNoTipOfThisTenantGetsTheSameAnswer() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                try await TipFormFixture.application(database: db).test(.router) { client in
                    var beta = TipFormSession(client, slug: "beta")
                    _ = try await beta.open()
                    let betaCode = try await beta.submit("a tip for beta")
                    var acme = TipFormSession(client)
                    _ = try await acme.open("/status")
                    var answers: [String] = []
                    for code in [betaCode, "AAAAA-BBBBB-CCCCC-DDDDD", "not a code", ""] {
                        let response = try await acme.post(["code": code], to: "/status")
                        #expect(response.status == .ok)
                        let html = String(buffer: response.body)
                        #expect(html.contains("No report matches this code."))
                        #expect(!html.contains("data-status"))
                        answers.append(html)
                    }
                    #expect(Set(answers).count == 1, "the answers differ by code")
                }
            }
        }
    }

    @Test func oversizedBodyIs413AndLongTextIsExplained() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                try await TipFormFixture.application(database: db).test(.router) { client in
                    var session = TipFormSession(client)
                    _ = try await session.open()
                    let huge = try await session.post(["text": String(repeating: "x", count: 20 * 1024)])
                    #expect(huge.status == .contentTooLarge)
                    let long = try await session.post(["text": String(repeating: "y", count: EventRecordsRepository.tipTextLimit + 1)])
                    #expect(long.status == .badRequest)
                    #expect(String(buffer: long.body).contains("the limit is \(EventRecordsRepository.tipTextLimit)"))
                    let empty = try await session.post(["text": "   "])
                    #expect(empty.status == .badRequest)
                    #expect(String(buffer: empty.body).contains("Please describe what you want to report."))
                }
            }
            #expect(try await Self.tipCount(database) == 0)
        }
    }

    @Test func submissionsAndLookupsAreRateLimitedPerSource() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                let limits = TipFormController.Limits(submissionBurst: 2, lookupBurst: 3)
                try await TipFormFixture.application(database: db, limits: limits).test(.router) { client in
                    var session = TipFormSession(client)
                    _ = try await session.open()
                    _ = try await session.submit("first")
                    _ = try await session.submit("second")
                    let third = try await session.post(["text": "third"])
                    #expect(third.status == .tooManyRequests)
                    #expect(Int(third.headers[.retryAfter] ?? "") ?? 0 > 0)
                    for _ in 0..<3 { #expect(try await session.post(["code": "AAAAA-BBBBB-CCCCC-DDDDD"], to: "/status").status == .ok) }
                    let fourth = try await session.post(["code": "AAAAA-BBBBB-CCCCC-DDDDD"], to: "/status")
                    #expect(fourth.status == .tooManyRequests)
                }
            }
            #expect(try await Self.tipCount(database) == 2)
        }
    }

    /// Behind a trusted proxy each reporter has its own bucket (the client the proxy
    /// names; IPv6 by /64), and a tenant takes at most its hourly cap of new tips from
    /// all sources together. Without the proxy in the list, forwarding headers are
    /// ignored: every post counts against the peer.
    @Test func behindATrustedProxyReportersHaveTheirOwnLimitAndATenantItsCap() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                let limits = TipFormController.Limits(submissionBurst: 1, tipsPerTenantPerHour: 3)
                let proxied = TipFormFixture.application(database: db, limits: limits, trustedProxies: ["127.0.0.1", "::1"])
                try await proxied.test(.live) { client in
                    var session = TipFormSession(client)
                    _ = try await session.open()
                    func post(_ text: String, _ header: String, _ value: String) async throws -> HTTPResponse.Status {
                        try await session.post(["text": text], headers: [HTTPField.Name(header)!: value]).status
                    }
                    #expect(try await post("a1", "X-Forwarded-For", "203.0.113.50, 198.51.100.1") == .ok)
                    #expect(try await post("a2", "X-Forwarded-For", "198.51.100.1") == .tooManyRequests)
                    #expect(try await post("b1", "Forwarded", "for=192.0.2.9, for=\"[2001:db8:1:2::5]:4711\";proto=https") == .ok)
                    #expect(try await post("b2", "Forwarded", "for=\"[2001:db8:1:2::9]\"") == .tooManyRequests, "the same /64")
                    #expect(try await post("c1", "X-Forwarded-For", "198.51.100.3") == .ok)
                    #expect(try await post("d1", "X-Forwarded-For", "198.51.100.4") == .tooManyRequests, "past the tenant's cap")
                }
                let direct = TipFormFixture.application(database: db, limits: limits)
                try await direct.test(.live) { client in
                    var session = TipFormSession(client, slug: "beta")
                    _ = try await session.open()
                    let first = try await session.post(["text": "e1"], headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.5"])
                    let spoofed = try await session.post(["text": "e2"], headers: [HTTPField.Name("X-Forwarded-For")!: "198.51.100.6"])
                    #expect(first.status == .ok && spoofed.status == .tooManyRequests)
                }
            }
            #expect(try await Self.tipCount(database) == 4)
        }
    }

    @Test func crossSitePostsAndMissingOrWrongTokensAreRefused() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                let limits = TipFormController.Limits(submissionBurst: 50)  // every refusal below is for CSRF, not speed
                try await TipFormFixture.application(database: db, limits: limits).test(.router) { client in
                    var session = TipFormSession(client)
                    _ = try await session.open()
                    let fetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!
                    let forged: [TestResponse] = [
                        try await session.post(["text": "x"], headers: [.origin: "http://evil.example"]),
                        try await session.post(["text": "x"], headers: [fetchSite: "cross-site"]),
                        try await session.post(["text": "x"], headers: [.origin: "null"]),
                        try await session.post(["text": "x"], withToken: false),
                        try await session.post(["text": "x", "csrf": String(session.token.reversed())]),
                        try await session.post(["code": "AAAAA-BBBBB-CCCCC-DDDDD"], to: "/status", headers: [.origin: "http://evil.example"]),
                    ]
                    for response in forged { #expect(response.status == .forbidden) }
                    var stranger = TipFormSession(client)
                    stranger.token = session.token  // a token without its cookie
                    #expect(try await stranger.post(["text": "x"]).status == .forbidden)
                    var otherTenant = TipFormSession(client, slug: "beta")
                    otherTenant.cookie = session.cookie
                    otherTenant.token = session.token  // acme's pair does not work for beta
                    #expect(try await otherTenant.post(["text": "x"]).status == .forbidden)
                }
            }
            #expect(try await Self.tipCount(database) == 0)
        }
    }

    @Test func languageComesFromTheQueryThenAcceptLanguage() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                try await TipFormFixture.application(database: db).test(.router) { client in
                    let cases: [(String, String, String)] = [
                        ("?lang=es", "", "Informar una inquietud"),
                        ("", "es-MX,es;q=0.9,en;q=0.5", "Informar una inquietud"),
                        ("", "fr-FR,en;q=0.8,es;q=0.5", "Report a concern"),
                        ("?lang=en", "es", "Report a concern"),
                        ("", "", "Report a concern"),
                    ]
                    for (query, accept, title) in cases {
                        let response = try await client.execute(uri: "/t/acme/tips\(query)", method: .get,
                                                                headers: accept.isEmpty ? [:] : [.acceptLanguage: accept], body: nil)
                        let html = String(buffer: response.body)
                        #expect(html.contains("<h1>\(title)</h1>"), "\(query) \(accept)")
                        #expect(html.contains(title == "Report a concern" ? #"<html lang="en">"# : #"<html lang="es">"#))
                        #expect(html.contains(#"<label for="text">"#) && html.contains(#"<label for="contact">"#))
                    }
                }
            }
        }
    }

    @Test func unknownAndUnhostedTenantsAre404AndNoKeyIs503() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                try await TipFormFixture.application(database: db).test(.router) { client in
                    for slug in ["nope", "other", "Bad_Slug"] {
                        let form = try await client.execute(uri: "/t/\(slug)/tips", method: .get)
                        let status = try await client.execute(uri: "/t/\(slug)/tips/status", method: .get)
                        #expect(form.status == .notFound && status.status == .notFound, "\(slug)")
                    }
                }
                try await TipFormFixture.application(database: db).test(.router) { client in
                    let response = try await client.execute(uri: "/t/nokey/tips", method: .get)
                    #expect(response.status == .serviceUnavailable)
                    #expect(String(buffer: response.body).contains("not available right now"))
                }
            }
        }
    }

    @Test func theCookieIsSecureBehindHTTPSAndTheFormSaysUnavailableWithoutADatabase() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            try await database.withDatabase(role: role) { db in
                let https: HTTPFields = [HTTPFields.Element.Name("X-Forwarded-Proto")!: "https"]
                try await TipFormFixture.application(database: db, trustedProxies: ["127.0.0.1", "::1"]).test(.live) { client in
                    let proxied = try await client.execute(uri: "/t/acme/tips", method: .get, headers: https)
                    #expect(proxied.headers[.setCookie]?.hasSuffix("; Secure") == true)
                    let plain = try await client.execute(uri: "/t/acme/tips", method: .get)
                    #expect(plain.headers[.setCookie]?.contains("Secure") == false)
                }
                // From a peer that is no trusted proxy, the header is the client's own claim: ignored.
                try await TipFormFixture.application(database: db).test(.live) { client in
                    let claimed = try await client.execute(uri: "/t/acme/tips", method: .get, headers: https)
                    #expect(claimed.headers[.setCookie]?.contains("Secure") == false)
                }
            }
        }
        try await TestDatabase.withUnreachable { db in
            try await TipFormFixture.application(database: db).test(.router) { client in
                let response = try await client.execute(uri: "/t/acme/tips", method: .get)
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    // MARK: - The database, read directly

    struct StoredTip {
        let id: String, channel: String, language: String, anonymous: Bool, hasText: Bool, hasContact: Bool
        /// Rows of tips and events in which the marker's bytes appear anywhere.
        let markerHits: Int
    }

    static func storedTip(_ database: TestDatabase) async throws -> StoredTip {
        try await database.superuser { connection in
            let marker = Self.marker
            let rows = try await connection.query("""
                SELECT tip_id, channel, language, anonymous, sealed_text IS NOT NULL, sealed_contact IS NOT NULL,
                       (SELECT count(*)::int FROM attest.tips t
                         WHERE position(convert_to(\(marker), 'UTF8') IN coalesce(t.sealed_text, ''::bytea)) > 0
                            OR position(convert_to(\(marker), 'UTF8') IN coalesce(t.sealed_contact, ''::bytea)) > 0
                            OR strpos(row_to_json(t)::text, \(marker)) > 0
                            OR strpos(row_to_json(t)::text, 'Marker') > 0)
                     + (SELECT count(*)::int FROM attest.events e WHERE strpos(row_to_json(e)::text, 'Marker') > 0)
                FROM attest.tips ORDER BY received_on DESC LIMIT 1
                """, logger: TestDatabase.logger)
            for try await row in rows.decode((String, String, String, Bool, Bool, Bool, Int).self) {
                return StoredTip(id: row.0, channel: row.1, language: row.2, anonymous: row.3, hasText: row.4, hasContact: row.5, markerHits: row.6)
            }
            throw TestSetupError("no tip stored")
        }
    }

    /// How many tips are stored, and how many tips or events rows hold `marker` readable.
    static func storedTipWith(_ database: TestDatabase, marker: String) async throws -> (tips: Int, plaintextHits: Int) {
        try await database.superuser { connection in
            let rows = try await connection.query("""
                SELECT (SELECT count(*)::int FROM attest.tips),
                       (SELECT count(*)::int FROM attest.tips t
                         WHERE position(convert_to(\(marker), 'UTF8') IN coalesce(t.sealed_text, ''::bytea)) > 0
                            OR strpos(row_to_json(t)::text, \(marker)) > 0)
                     + (SELECT count(*)::int FROM attest.events e WHERE strpos(row_to_json(e)::text, \(marker)) > 0)
                """, logger: TestDatabase.logger)
            for try await (tips, hits) in rows.decode((Int, Int).self) { return (tips, hits) }
            return (0, 0)
        }
    }

    /// Columns of the tips or events tables that could hold an address or a browser.
    static func trackingColumns(_ database: TestDatabase) async throws -> [String] {
        try await database.superuser { connection in
            try await connection.query("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'attest' AND table_name IN ('tips', 'events')
                  AND (column_name ~ '(^|_)(ip|addr|address|remote|agent|user_agent|ua|host)($|_)')
                """, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }

    static func obligationKinds(_ database: TestDatabase, tip: String) async throws -> [String] {
        try await database.superuser { connection in
            try await connection.query("""
                SELECT kind FROM attest.obligations WHERE subject_kind = 'tip' AND subject_id = \(tip) AND state = 'open' ORDER BY kind
                """, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }

    static func eventActions(_ database: TestDatabase, tip: String) async throws -> [String] {
        try await database.superuser { connection in
            try await connection.query("""
                SELECT action FROM attest.events WHERE subject_kind = 'tip' AND subject_id = \(tip) ORDER BY id
                """, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }

    static func tipCount(_ database: TestDatabase) async throws -> Int {
        try await database.superuser { connection in
            try await connection.query("SELECT count(*)::int FROM attest.tips", logger: TestDatabase.logger)
                .decode(Int.self).reduce(0) { $0 + $1 }
        }
    }
}
