import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Storage
import Synchronization
import TestSupport
import Testing

/// A manager sees the tenants assigned to it and nothing else: every route answers an
/// unassigned tenant exactly as it answers one that does not exist, and PostgreSQL's
/// row-level security, not only the routes, keeps the other tenants' rows away.
@Suite struct ScopeTests {
    /// Every page of a tenant, with `SLUG` in place of its slug.
    static let tenantRoutes = [
        "/tenants/SLUG", "/tenants/SLUG/hires/E-1", "/tenants/SLUG/hires/H-alpha", "/tenants/SLUG/people", "/tenants/SLUG/hires",
        "/tenants/SLUG/everify", "/tenants/SLUG/nomatch", "/tenants/SLUG/audits", "/tenants/SLUG/policies", "/tenants/SLUG/self-reports",
        "/tenants/SLUG/tips", "/tenants/SLUG/network", "/tenants/SLUG/deliveries", "/tenants/SLUG/report", "/tenants/SLUG/report.html",
        "/tenants/SLUG/report.md", "/tenants/SLUG/report.csv", "/tenants/SLUG/report.json",
    ]

    @Test func aManagerGetsNotFoundForEveryRouteOfAnotherTenant() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                let overview = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                #expect(overview.body.contains("href=\"/tenants/alpha\"") && !overview.body.contains("bravo"))
                for route in Self.tenantRoutes {
                    let own = try await manager.get(route.replacingOccurrences(of: "SLUG", with: "alpha"))
                    let expected: HTTPResponse.Status = route.hasSuffix("H-alpha") || !route.contains("/hires/") ? .ok : .ok
                    #expect(own.status == expected, "\(route) for alpha: \(own.status)")
                    let other = try await manager.get(route.replacingOccurrences(of: "SLUG", with: "bravo"))
                    let missing = try await manager.get(route.replacingOccurrences(of: "SLUG", with: "no-such-tenant"))
                    #expect(other.status == .notFound, "\(route) for bravo: \(other.status)")
                    #expect(other.body == missing.body, "\(route): bravo's 404 differs from an unknown tenant's")
                    #expect(!other.body.contains("Bravo"))
                }
                let foreignHire = try await manager.get("/tenants/alpha/hires/H-bravo")
                #expect(foreignHire.status == .notFound, "a hire id of another tenant was found under alpha")
            }
        }
    }

    @Test func anAdminSeesEveryTenantAndTheirRecords() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                for slug in ["alpha", "bravo"] {
                    for route in Self.tenantRoutes where !route.contains("H-alpha") {
                        let page = try await admin.get(route.replacingOccurrences(of: "SLUG", with: slug))
                        #expect(page.status == .ok, "\(route) for \(slug): \(page.status)")
                    }
                }
                let hire = try await admin.get("/tenants/bravo/hires/E-1")
                #expect(hire.body.contains("BRAVO-100") && !hire.body.contains("ALPHA-100"), "the hire page mixed tenants")
            }
        }
    }

    @Test func pagesNeedASignedInSession() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var stranger = ConsoleBrowser(client)
                for route in ["/"] + Self.tenantRoutes.map({ $0.replacingOccurrences(of: "SLUG", with: "alpha") }) {
                    let page = try await stranger.get(route)
                    #expect(page.status == .seeOther && page.location == "/sign-in", "\(route) answered \(page.status) without a session")
                }
                // Half-way through sign-in (password only) is not signed in either.
                let form = try await stranger.get("/sign-in")
                _ = try await stranger.post("/sign-in", ["email": ConsoleFixture.adminEmail, "password": ConsoleFixture.oneTimePassword,
                                                         "form_token": try #require(form.formToken)])
                let page = try await stranger.get("/tenants/alpha")
                #expect(page.status == .seeOther && page.location == "/sign-in/second-factor")
            }
        }
    }

    /// The console role, in a session of the manager, reads only alpha's rows even with
    /// queries that name no tenant at all; without a session it reads nothing.
    @Test func rowLevelSecurityConfinesTheConsoleRoleToTheSessionsTenants() async throws {
        try await ConsoleFixture.with { fixture in
            let hex = try await fixture.signedInSession(ConsoleFixture.managerEmail)
            let tables = ["hires", "people", "tips", "obligations", "events", "everify_cases", "tenant_contacts"]
            for table in tables {
                let scoped = try await Self.distinctTenants(fixture.console, table: table, session: hex)
                #expect(scoped == [fixture.alpha.id], "\(table): the manager's session saw \(scoped)")
                let none = try await Self.distinctTenants(fixture.console, table: table, session: nil)
                #expect(none.isEmpty, "\(table): the console role saw rows without a session")
                let forged = try await Self.distinctTenants(fixture.console, table: table, session: String(repeating: "ab", count: 32))
                #expect(forged.isEmpty, "\(table): a made-up session saw rows")
            }
            let tenants = try await fixture.console.withTransaction { connection in
                try await connection.query("SELECT set_config('attest.console_session', \(hex), true)", logger: TestDatabase.logger)
                return try await connection.query("SELECT slug FROM attest.tenants", logger: TestDatabase.logger).decode(String.self)
                    .reduce(into: []) { $0.append($1) }
            }
            #expect(tenants == ["alpha"])
            // The console role can read no sealed tip text, write no record without naming its
            // tenant (HireActionTests tries the write policy further), and change no role.
            for statement in ["SELECT sealed_text FROM attest.tips",
                              "INSERT INTO attest.hires (tenant_id, external_id, start_date) VALUES ('\(fixture.alpha.id)', 'X-1', '2026-11-30')",
                              "UPDATE attest.operator_accounts SET role = 'admin'", "DELETE FROM attest.account_events"] {
                await #expect(throws: (any Error).self, "\(statement) was allowed") {
                    try await fixture.console.withTransaction { connection in
                        try await connection.query("SELECT set_config('attest.console_session', \(hex), true)", logger: TestDatabase.logger)
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                    }
                }
            }
        }
    }

    private static func distinctTenants(_ database: Database, table: String, session: String?) async throws -> [UUID] {
        try await database.withTransaction { connection in
            if let session {
                try await connection.query("SELECT set_config('attest.console_session', \(session), true)", logger: TestDatabase.logger)
            }
            return try await connection.query(PostgresQuery(unsafeSQL: "SELECT DISTINCT tenant_id FROM attest.\(table) ORDER BY 1"),
                                              logger: TestDatabase.logger).decode(UUID.self).reduce(into: []) { $0.append($1) }
        }
    }
}
