import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Who may use the API and what they can reach: tokens missing, wrong or revoked get
/// the same 401; a token scoped to one tenant sees the other as if it did not exist
/// and cannot change it.
@Suite struct APIAccessTests {
    @Test func missingWrongAndRevokedTokensGetTheSame401() async throws {
        try await APIFixture.with { fixture in
            _ = try await APITokenRepository(database: fixture.operators).revoke("bravo-ops")
            let wrong = APITokenSecret.generate()
            try await fixture.withClient { client in
                var bodies: [String] = []
                for headers: HTTPFields in [[:], [.authorization: "Bearer \(wrong)"], [.authorization: "Basic YWxhZGRpbjpvcGVu"],
                                            [.authorization: "Bearer not-a-token"], APIFixture.headers(fixture.bravoToken)] {
                    let response = try await client.execute(uri: "/api/v1/tenants/bravo", method: .get, headers: headers)
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="attest""#)
                    bodies.append(String(buffer: response.body))
                }
                #expect(Set(bodies).count == 1, "401 bodies differ: \(bodies)")
                let error = APIFixture.object(try await client.execute(uri: "/api/v1/tenants", method: .get)) ["error"] as? [String: Any]
                #expect(error?["code"] as? String == "unauthorized")
                let valid = try await client.execute(uri: "/api/v1/tenants/alpha", method: .get, headers: APIFixture.headers(fixture.alphaToken))
                #expect(valid.status == .ok)
            }
            let used = try await APITokenRepository(database: fixture.operators).list().map { ($0.name, $0.lastUsedAt != nil) }
            #expect(used.map(\.0) == ["alpha-ops", "alpha-reader", "bravo-ops"])
            #expect(used.map(\.1) == [true, false, false], "only the valid token's use is stamped")
        }
    }

    @Test func anExpiredTokenGetsThe401OfAnUnknownOne() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let before = try await client.execute(uri: "/api/v1/tenants/alpha", method: .get, headers: APIFixture.headers(fixture.alphaToken))
                #expect(before.status == .ok)
                try await fixture.database.superuser { connection in
                    try await connection.query("""
                        UPDATE attest.api_tokens SET created_at = now() - interval '91 days', expires_at = now() - interval '1 second'
                        WHERE name = 'alpha-ops'
                        """, logger: TestDatabase.logger)
                }
                let expired = try await client.execute(uri: "/api/v1/tenants/alpha", method: .get, headers: APIFixture.headers(fixture.alphaToken))
                let unknown = try await client.execute(uri: "/api/v1/tenants/alpha", method: .get, headers: APIFixture.headers(APITokenSecret.generate()))
                #expect(expired.status == .unauthorized)
                #expect(String(buffer: expired.body) == String(buffer: unknown.body))
            }
            let listed = try await APITokenRepository(database: fixture.operators).list().first { $0.name == "alpha-ops" }
            #expect(listed?.isExpired() == true)
        }
    }

    /// Every write route of the API (all the POST and PUT calls of the OpenAPI test),
    /// with a read-only token: 403, and nothing of the tenant changes; it reads what a
    /// read-write token reads.
    @Test func aReadOnlyTokenIsRefusedEveryWriteAndChangesNothing() async throws {
        try await APIFixture.with { fixture in
            let before = try await fixture.snapshot(of: fixture.alpha)
            let writes = OpenAPIDocumentTests.calls.filter { $0.method != .get }
            let registered = fixture.router().routes.filter { $0.path.description.hasPrefix("/api/v1") && $0.method != .get }
            #expect(writes.count == registered.count, "a write route has no call: \(registered.map { "\($0.method) \($0.path)" })")
            try await fixture.withClient { client in
                let reader = APIFixture.headers(fixture.alphaReadOnlyToken)
                for call in writes {
                    let response = try await client.execute(uri: call.uri, method: call.method, headers: reader, body: call.body.map(APIFixture.body))
                    #expect(response.status == .forbidden, "\(call.route): \(response.status)")
                    #expect((APIFixture.object(response)["error"] as? [String: Any])?["code"] as? String == "read_only_token")
                }
                for call in OpenAPIDocumentTests.calls where call.method == .get {
                    let read = try await client.execute(uri: call.uri, method: .get, headers: reader)
                    let full = try await client.execute(uri: call.uri, method: .get, headers: APIFixture.headers(fixture.alphaToken))
                    #expect(read.status == full.status && read.status != .forbidden, "\(call.uri): \(read.status), not \(full.status)")
                    #expect(String(buffer: read.body) == String(buffer: full.body), "\(call.uri) reads differently")
                }
            }
            #expect(try await fixture.snapshot(of: fixture.alpha) == before)
        }
    }

    @Test func anotherTenantsSlugAndIdsAnswerLikeUnknownOnes() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let alpha = APIFixture.headers(fixture.alphaToken)
                let listed = APIFixture.object(try await client.execute(uri: "/api/v1/tenants", method: .get, headers: alpha))
                #expect((listed["items"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } == ["alpha"])
                for path in ["", "/hires", "/people", "/obligations", "/agenda", "/status", "/deliveries", "/tips", "/hires/E-1"] {
                    let other = try await client.execute(uri: "/api/v1/tenants/bravo\(path)", method: .get, headers: alpha)
                    let unknown = try await client.execute(uri: "/api/v1/tenants/nowhere\(path)", method: .get, headers: alpha)
                    #expect(other.status == .notFound, "bravo\(path)")
                    #expect(unknown.status == .notFound)
                    #expect(String(buffer: other.body) == String(buffer: unknown.body).replacingOccurrences(of: "nowhere", with: "bravo"))
                }
                // bravo's hire, asked for under alpha's slug, is just unknown.
                let other = try await client.execute(uri: "/api/v1/tenants/alpha/hires/H-bravo", method: .get, headers: alpha)
                let unknown = try await client.execute(uri: "/api/v1/tenants/alpha/hires/H-nowhere", method: .get, headers: alpha)
                #expect(other.status == .notFound)
                #expect(String(buffer: other.body) == String(buffer: unknown.body).replacingOccurrences(of: "nowhere", with: "bravo"))
            }
        }
    }

    @Test func writesWithAnotherTenantsSlugOrIdsChangeNothingThere() async throws {
        try await APIFixture.with { fixture in
            let before = try await fixture.snapshot(of: fixture.bravo)
            #expect(!before.isEmpty)
            try await fixture.withClient { client in
                let alpha = APIFixture.headers(fixture.alphaToken)
                let attempts: [(String, String)] = [
                    ("/api/v1/tenants/bravo/hires/E-1/termination", #"{"on": "2026-12-01"}"#),
                    ("/api/v1/tenants/bravo/hires", #"{"employee_id": "E-9", "start_date": "2026-11-23"}"#),
                    ("/api/v1/tenants/bravo/people", #"{"person_id": "P-9", "name": "Mallory"}"#),
                    ("/api/v1/tenants/bravo/tips/T-1/close", #"{"on": "2026-12-01"}"#),
                    ("/api/v1/tenants/alpha/hires/H-bravo/termination", #"{"on": "2026-12-01"}"#),
                    ("/api/v1/tenants/alpha/hires/H-bravo/i9/section2", #"{"on": "2026-11-17", "preparer": "P-1"}"#),
                ]
                for (uri, body) in attempts {
                    let response = try await client.execute(uri: uri, method: .post, headers: alpha, body: APIFixture.body(body))
                    #expect(response.status == .notFound, "\(uri): \(response.status)")
                }
                // alpha's own E-1 shares bravo's employee id: changing it leaves bravo's alone.
                let own = try await client.execute(uri: "/api/v1/tenants/alpha/hires/E-1/termination", method: .post, headers: alpha,
                                                   body: APIFixture.body(#"{"on": "2026-12-01"}"#))
                #expect(own.status == .ok)
            }
            #expect(try await fixture.snapshot(of: fixture.bravo) == before)
        }
    }

    @Test func theDaemonRoleCanAuthenticateButNeitherListNorChangeTokens() async throws {
        try await APIFixture.with { fixture in
            let found = try await APITokenRepository(database: fixture.daemon).authenticate(secret: fixture.alphaToken)
            #expect(found?.name == "alpha-ops")
            #expect(found?.tenantIDs == [fixture.alpha.id])
            await #expect(throws: (any Error).self) { try await APITokenRepository(database: fixture.daemon).list() }
            await #expect(throws: (any Error).self) { try await APITokenRepository(database: fixture.daemon).revoke("alpha-ops") }
            await #expect(throws: (any Error).self) {
                try await APITokenRepository(database: fixture.operators).authenticate(secret: fixture.alphaToken)
            }
            let definer = try await fixture.database.superuser { connection in
                try await connection.query("""
                    SELECT p.prosecdef, p.proconfig::text,
                           has_function_privilege('public', p.oid, 'EXECUTE'), has_function_privilege('attest_operator', p.oid, 'EXECUTE')
                    FROM pg_proc AS p WHERE p.proname = 'authenticate_api_token'
                    """, logger: TestDatabase.logger).decode((Bool, String?, Bool, Bool).self).first { _ in true }
            }
            #expect(definer?.0 == true)
            #expect(definer?.1?.contains("search_path=pg_catalog") == true)
            #expect(definer?.2 == false)
            #expect(definer?.3 == false)
        }
    }
}
