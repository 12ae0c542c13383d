import Console
import Foundation
import HTTPTypes
import PostgresNIO
import Storage
import Synchronization
import TestSupport
import Testing

/// An admin manages accounts and API tokens in the console; a manager cannot, whether
/// through the routes or straight through the console's database role.
@Suite struct AdminTests {
    @Test func anAdminAddsAManagerWhoSignsInWithTheOneTimePasswordAndSeesOnlyItsTenants() async throws {
        try await ConsoleFixture.with { fixture in
            let password = Mutex<String?>(nil)
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let page = try await admin.get("/admin")
                #expect(page.status == .ok && page.body.contains(ConsoleFixture.managerEmail))
                let token = try #require(page.formToken)
                let refused = try await admin.post("/admin/account", ["email": "not an address", "name": "", "role": "manager", "form_token": token])
                #expect(refused.status == .unprocessableContent && refused.body.contains("id=\"account-name-error\""))
                let noTenant = try await admin.post("/admin/account", ["email": "nina@agency.example", "name": "Nina", "role": "manager",
                                                                       "form_token": token])
                #expect(noTenant.status == .unprocessableContent && noTenant.body.contains("give at least one"), "\(noTenant.body.suffix(500))")
                let added = try await admin.post("/admin/account", ["email": "Nina@Agency.example", "name": "Nina New", "role": "manager",
                                                                    "tenant_bravo": "on", "form_token": token])
                #expect(added.status == .ok && added.headers[.cacheControl]?.contains("no-store") == true)
                password.withLock { $0 = added.value(after: "id=\"secret\">") }
                let duplicate = try await admin.post("/admin/account", ["email": "nina@agency.example", "name": "Nina", "role": "admin",
                                                                        "form_token": token])
                #expect(duplicate.status == .unprocessableContent && duplicate.body.contains("already exists"))
            }
            let oneTime = try #require(password.withLock { $0 })
            try await fixture.withClient { client in
                var nina = ConsoleBrowser(client)
                let overview = try await nina.signIn(email: "nina@agency.example", password: oneTime)
                #expect(overview.body.contains("href=\"/tenants/bravo\"") && !overview.body.contains("href=\"/tenants/alpha\""))
                #expect(try await nina.get("/admin").status == .notFound, "a manager reached the admin page")
            }
            let trail = try await Self.rows(fixture.operators, """
                SELECT e.actor || ' ' || e.action FROM attest.account_events AS e JOIN attest.operator_accounts AS a ON a.id = e.account_id
                WHERE a.email = 'nina@agency.example' AND e.action = 'account_added'
                """)
            #expect(trail == ["account:\(ConsoleFixture.adminEmail) account_added"])
        }
    }

    @Test func anAdminChangesAManagersTenantsDisablesItAndManagesTokens() async throws {
        try await ConsoleFixture.with { fixture in
            let managerID = try #require(try await Self.rows(fixture.operators, "SELECT id::text FROM attest.operator_accounts WHERE role = 'manager'").first)
            let secret = Mutex<String?>(nil)
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await admin.get("/admin").formToken)
                let assigned = try await admin.post("/admin/accounts/\(managerID)/tenants", ["tenant_alpha": "on", "tenant_bravo": "on", "form_token": token])
                #expect(assigned.location == "/admin?done=assigned#notice")
                #expect(try await manager.get("/tenants/bravo").status == .ok, "the new tenant is not visible to the manager")
                let created = try await admin.post("/admin/token", ["token_name": "payroll-sync", "tenant_alpha": "on", "expires": "30d",
                                                                     "read_only": "on", "form_token": token])
                #expect(created.status == .ok)
                let endless = try await admin.post("/admin/token", ["token_name": "forever", "tenant_alpha": "on", "expires": "9999d", "form_token": token])
                #expect(endless.status == .unprocessableContent)
                secret.withLock { $0 = created.value(after: "id=\"secret\">") }
                let listed = try await admin.get("/admin")
                let shown = try #require(secret.withLock { $0 })
                #expect(listed.body.contains("payroll-sync") && !listed.body.contains(shown))
                let tokenID = try #require(try await Self.rows(fixture.operators, "SELECT id::text FROM attest.api_tokens WHERE name = 'payroll-sync'").first)
                #expect(try await admin.post("/admin/tokens/\(tokenID)/revoke", ["form_token": token]).location == "/admin?done=revoked#notice")
                #expect(try await admin.post("/admin/accounts/\(managerID)/disable", ["form_token": token]).location == "/admin?done=disabled#notice")
                #expect(try await manager.get("/").location == "/sign-in", "the disabled manager's session goes on")
            }
            let stored = try await Self.rows(fixture.operators, """
                SELECT encode(secret_hash, 'hex') || ' ' || (revoked_at IS NOT NULL)::text || ' ' || read_only::text || ' '
                       || (expires_at BETWEEN now() + interval '29 days' AND now() + interval '31 days')::text
                FROM attest.api_tokens WHERE name = 'payroll-sync'
                """)
            let hash = APITokenSecret.hash(try #require(secret.withLock { $0 })).map { String(format: "%02x", $0) }.joined()
            #expect(stored == ["\(hash) true true true"], "not the secret's hash, not revoked, not read-only or not 30 days")
        }
    }

    /// The console role in a manager's session, trying the admin's writes directly.
    @Test func aManagersSessionCannotWriteAccountsOrTokensInTheDatabase() async throws {
        try await ConsoleFixture.with { fixture in
            let session = try await fixture.signedInSession(ConsoleFixture.managerEmail) { manager in
                let token = try #require(try await manager.get("/").formToken)
                #expect(try await manager.post("/admin/account", ["email": "x@agency.example", "name": "X", "role": "admin",
                                                                  "form_token": token]).status == .notFound)
            }
            let hash = try await Self.rows(fixture.operators, "SELECT password_hash FROM attest.operator_accounts LIMIT 1")[0]
            let attempts: [PostgresQuery] = [
                "INSERT INTO attest.operator_accounts (email, name, role, password_hash) VALUES ('evil@agency.example', 'E', 'admin', \(hash))",
                "UPDATE attest.operator_accounts SET role = 'admin' WHERE email = \(ConsoleFixture.managerEmail)",
                "INSERT INTO attest.operator_account_tenants (tenant_id, account_id) SELECT \(fixture.bravo.id), id FROM attest.operator_accounts WHERE role = 'manager'",
                "INSERT INTO attest.api_tokens (name, secret_hash, expires_at) VALUES ('evil', decode(repeat('ab', 32), 'hex'), now() + interval '1 day')",
            ]
            for attempt in attempts {
                await #expect(throws: PSQLError.self, "\(attempt.sql) was allowed") {
                    try await fixture.console.withTransaction { connection in
                        try await connection.query("SELECT set_config('attest.console_session', \(session), true)", logger: TestDatabase.logger)
                        try await connection.query(attempt, logger: TestDatabase.logger)
                    }
                }
            }
            let removed = try await fixture.console.withTransaction { connection in
                try await connection.query("SELECT set_config('attest.console_session', \(session), true)", logger: TestDatabase.logger)
                return try await connection.query("DELETE FROM attest.operator_account_tenants RETURNING account_id", logger: TestDatabase.logger)
                    .collect().count
            }
            #expect(removed == 0, "a manager's session removed tenant assignments")
            #expect(try await Self.rows(fixture.operators, "SELECT role FROM attest.operator_accounts ORDER BY role") == ["admin", "manager"])
        }
    }

    private static func rows(_ database: Database, _ query: PostgresQuery) async throws -> [String] {
        try await database.client.query(query, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
    }
}
