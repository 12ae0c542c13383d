import Compliance
import Console
import Foundation
import HTTPTypes
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The tips inbox: a tip's text and contact open only for an account an admin allowed,
/// in a tenant it may see, with the console holding the key — and every opening is in
/// the events; the protocol steps are recorded like any record.
@Suite struct TipInboxTests {
    static let text = "The night shift lead keeps I-9 copies in his truck."

    /// The fixture with tip T-2 recorded by phone in alpha, its text sealed.
    static func withSealedTip(_ body: (ConsoleFixture, TipKeyRing) async throws -> Void) async throws {
        try await ConsoleFixture.with { fixture in try await TestTipKeys.with { keys in
            try await keys.make(for: "alpha", database: fixture.operators)
            try await TenantWork(database: fixture.operators).run(tenant: fixture.alpha, actor: "test") { context, connection in
                _ = try await EventRecordsRepository().recordTip(TipRecord(tipID: "T-2", receivedOn: try CivilDate(iso: "2026-11-30"), channel: .phone),
                                                                 text: text, context: context, connection: connection, logger: TestDatabase.logger)
            }
            try await body(fixture, keys.ring)
        } }
    }

    @Test func onlyAnAllowedAccountOpensATipAndTheReadingIsRecorded() async throws {
        try await Self.withSealedTip { fixture, keys in
            let managerID = try #require(try await Self.rows(fixture.operators, "SELECT id::text FROM attest.operator_accounts WHERE role = 'manager'").first)
            try await fixture.withClient(settings: ConsoleSettings(tipKeys: keys)) { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let list = try await manager.get("/tenants/alpha/tips")
                #expect(list.body.contains("href=\"/tenants/alpha/tips/T-2\""))
                let page = try await manager.get("/tenants/alpha/tips/T-2")
                #expect(page.status == .ok && page.body.contains("Your account may not read tips") && !page.body.contains(Self.text))
                let token = try #require(page.formToken)
                let refused = try await manager.post("/tenants/alpha/tips/T-2/open", ["form_token": token])
                #expect(refused.status == .forbidden && !refused.body.contains(Self.text))

                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let adminToken = try #require(try await admin.get("/admin").formToken)
                let allowed = try await admin.post("/admin/accounts/\(managerID)/tips", ["allow": "yes", "form_token": adminToken])
                #expect(allowed.location == "/admin?done=tips-allowed#notice")

                let offered = try await manager.get("/tenants/alpha/tips/T-2")
                #expect(offered.body.contains("action=\"/tenants/alpha/tips/T-2/open\"") && !offered.body.contains(Self.text))
                let opened = try await manager.post("/tenants/alpha/tips/T-2/open", ["form_token": token])
                #expect(opened.status == .ok && opened.body.contains(Self.text), "\(opened.status) \(opened.body.suffix(500))")
                #expect(opened.headers[.cacheControl]?.contains("no-store") == true)
                #expect(try await manager.post("/tenants/bravo/tips/T-1/open", ["form_token": token]).status == .notFound)
            }
            let readings = try await Self.rows(fixture.operators, """
                SELECT actor FROM attest.events WHERE tenant_id = \(fixture.alpha.id) AND subject_id = 'T-2' AND action = 'tip.shown'
                """)
            #expect(readings == ["account:\(ConsoleFixture.managerEmail)"], "one reading, by the manager: \(readings)")
        }
    }

    @Test func withoutTheKeyTheConsoleSaysSoAndTheSealedColumnsStayUnreadable() async throws {
        try await Self.withSealedTip { fixture, _ in
            try await fixture.operators.client.query("UPDATE attest.operator_accounts SET can_read_tips = true", logger: TestDatabase.logger)
            let session = try await fixture.signedInSession(ConsoleFixture.managerEmail) { manager in
                let page = try await manager.get("/tenants/alpha/tips/T-2")
                #expect(page.body.contains("The console holds no tip keys"))
                #expect(try await manager.post("/tenants/alpha/tips/T-2/open", ["form_token": try #require(page.formToken)]).status == .conflict)
            }
            for attempt in ["SELECT sealed_text FROM attest.tips", "SELECT * FROM attest.console_sealed_tip('\(fixture.bravo.id)', 'T-1')"] {
                await #expect(throws: PSQLError.self, "\(attempt) was allowed") {
                    try await fixture.console.withTransaction { connection in
                        try await connection.query("SELECT set_config('attest.console_session', \(session), true)", logger: TestDatabase.logger)
                        // Rows are read: a function's refusal comes with its rows, not before.
                        _ = try await connection.query(PostgresQuery(unsafeSQL: attempt), logger: TestDatabase.logger).collect()
                    }
                }
            }
            await #expect(throws: PSQLError.self, "the function answered without a session") {
                _ = try await fixture.console.client.query("SELECT * FROM attest.console_sealed_tip(\(fixture.alpha.id), 'T-2')", logger: TestDatabase.logger)
                    .collect()
            }
        }
    }

    @Test func theProtocolStepsAreRecordedWithTheirRules() async throws {
        try await Self.withSealedTip { fixture, _ in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await manager.get("/tenants/alpha/tips/T-2").formToken)
                let early = try await manager.post("/tenants/alpha/tips/T-2/acknowledge", ["on": "2026-11-01", "form_token": token])
                #expect(early.status == .unprocessableContent && early.body.contains("id=\"acknowledge-on-error\""), "\(early.body.suffix(600))")
                let acknowledged = try await manager.post("/tenants/alpha/tips/T-2/acknowledge", ["on": "2026-12-01", "form_token": token])
                #expect(acknowledged.location?.contains("completed=1") == true, "\(acknowledged.location ?? acknowledged.body.suffix(400).description)")
                let answered = try await manager.post("/tenants/alpha/tips/T-2/respond", ["on": "2026-12-02", "steps": "Interviewed the lead; copies shredded.",
                                                                                         "form_token": token])
                #expect(answered.status == .seeOther)
                let page = try await manager.get(try #require(answered.location))
                #expect(page.body.contains("Answer recorded.") && page.body.contains("Interviewed the lead"))
                #expect(try await manager.post("/tenants/alpha/tips/T-404/close", ["on": "2026-12-02", "form_token": token]).status == .notFound)
            }
            let states = try await Self.rows(fixture.operators, "SELECT status FROM attest.tips WHERE tenant_id = \(fixture.alpha.id) AND tip_id = 'T-2'")
            #expect(states == ["responded"])
        }
    }

    private static func rows(_ database: Database, _ query: PostgresQuery) async throws -> [String] {
        try await database.client.query(query, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
    }
}
