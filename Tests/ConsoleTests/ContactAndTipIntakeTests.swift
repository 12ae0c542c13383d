import Compliance
import Console
import Foundation
import HTTPTypes
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The last record actions of the console: a tenant's contacts (`attest contact`) and a
/// tip received by phone or mail, recorded with its text sealed.
@Suite struct ContactAndTipIntakeTests {
    @Test func aManagerAddsAndRemovesContactsButNeverTheLastComplianceOne() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let page = try await manager.get("/tenants/alpha")
                #expect(page.body.contains("action=\"/tenants/alpha/record/contact-add\""))
                let token = try #require(page.formToken)
                let added = try await manager.post("/tenants/alpha/record/contact-add", ["name": "Lee HR", "email": "lee@alpha.example",
                                                                                        "role": "compliance", "form_token": token])
                let location = try #require(added.location, "\(added.status) \(added.body)")
                #expect(try await manager.get(location).body.contains("lee@alpha.example"))

                let twice = try await manager.post("/tenants/alpha/record/contact-add", ["name": "Lee HR", "email": "lee@alpha.example",
                                                                                        "role": "compliance", "form_token": token])
                #expect(twice.status == .unprocessableContent && twice.body.contains("id=\"contact-add-email-error\""), "\(twice.body)")
                let unknownRole = try await manager.post("/tenants/alpha/record/contact-add", ["name": "Lee HR", "email": "lee@alpha.example",
                                                                                              "role": "boss", "form_token": token])
                #expect(unknownRole.status == .unprocessableContent && unknownRole.body.contains("id=\"contact-add-role-error\""))
                let malformed = try await manager.post("/tenants/alpha/record/contact-add", ["name": "Lee HR", "email": "no-at-sign",
                                                                                            "role": "escalation", "form_token": token])
                #expect(malformed.status == .unprocessableContent && malformed.body.contains("id=\"contact-add-email-error\""))

                let removed = try await manager.post("/tenants/alpha/record/contact-remove", ["email": "jane@alpha.example", "role": "compliance",
                                                                                             "form_token": token])
                #expect(removed.status == .seeOther, "\(removed.body)")
                let last = try await manager.post("/tenants/alpha/record/contact-remove", ["email": "jane@alpha.example", "role": "compliance",
                                                                                          "form_token": token])
                #expect(last.status == .unprocessableContent && last.body.contains("no compliance contact jane@alpha.example"))
                let lastOne = try await manager.post("/tenants/alpha/record/contact-remove", ["email": "lee@alpha.example", "role": "compliance",
                                                                                             "form_token": token])
                #expect(lastOne.status == .unprocessableContent && lastOne.body.contains("last compliance contact"), "\(lastOne.body)")

                let other = try await manager.post("/tenants/bravo/record/contact-add", ["name": "Eve", "email": "eve@evil.example",
                                                                                        "role": "compliance", "form_token": token])
                #expect(other.status == .notFound)
                let crossSite = try await manager.post("/tenants/alpha/record/contact-add", ["name": "Eve", "email": "eve@evil.example",
                                                                                            "role": "compliance", "form_token": token],
                                                       headers: [.origin: "https://evil.example"])
                #expect(crossSite.status == .forbidden)
            }
            let contacts = try await Self.rows(fixture.operators, "SELECT email FROM attest.tenant_contacts ORDER BY email")
            #expect(contacts == ["jane@bravo.example", "lee@alpha.example"])
            let events = try await Self.rows(fixture.operators, """
                SELECT action || ' ' || (details->>'email') || ' ' || actor FROM attest.events
                WHERE tenant_id = \(fixture.alpha.id) AND action LIKE 'contact.%' ORDER BY id
                """)
            let actor = "account:\(ConsoleFixture.managerEmail)"
            #expect(events == ["contact.added lee@alpha.example \(actor)", "contact.removed jane@alpha.example \(actor)"])
        }
    }

    @Test func aPhoneTipIsRecordedWithItsTextSealedAndNeverOverwritten() async throws {
        try await ConsoleFixture.with { fixture in try await TestTipKeys.with { keys in
            try await keys.make(for: "alpha", database: fixture.operators)
            let text = "A supervisor tells new hires which documents to bring."
            try await fixture.withClient(settings: ConsoleSettings(tipKeys: keys.ring)) { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let list = try await manager.get("/tenants/alpha/tips")
                #expect(list.body.contains("action=\"/tenants/alpha/tips/record\"") && !list.body.contains("value=\"web\""))
                let token = try #require(list.formToken)
                let fields = ["tip": "PH-1", "on": "2026-11-30", "channel": "phone", "text": text, "form_token": token]
                let recorded = try await manager.post("/tenants/alpha/tips/record", fields)
                #expect(recorded.location?.hasPrefix("/tenants/alpha/tips?done=record&added=") == true, "\(recorded.status) \(recorded.body)")
                let again = try await manager.post("/tenants/alpha/tips/record", fields.merging(["text": "Overwritten."]) { $1 })
                #expect(again.status == .unprocessableContent && again.body.contains("id=\"record-tip-error\""), "\(again.body)")
                let web = try await manager.post("/tenants/alpha/tips/record", fields.merging(["tip": "PH-2", "channel": "web"]) { $1 })
                #expect(web.status == .unprocessableContent && web.body.contains("id=\"record-channel-error\""))
            }
            _ = try await TenantWork(database: fixture.operators).run(tenant: fixture.alpha, actor: "test") { context, connection in
                let content = try await EventRecordsRepository().openTip("PH-1", keys: keys.ring, context: context, connection: connection,
                                                                        logger: TestDatabase.logger)
                #expect(content.text == text)
                #expect(content.tip.channel == .phone && content.tip.anonymous)
            }
            let events = try await Self.rows(fixture.operators, """
                SELECT action FROM attest.events WHERE tenant_id = \(fixture.alpha.id) AND subject_id = 'PH-1' ORDER BY id
                """)
            #expect(events == ["tip.received", "tip.text_recorded", "tip.shown"])
        } }
    }

    @Test func withoutTheKeyATipIsRecordedButItsTextIsRefused() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await manager.get("/tenants/alpha/tips").formToken)
                let withText = try await manager.post("/tenants/alpha/tips/record", ["tip": "PH-3", "on": "2026-11-30", "channel": "mail",
                                                                                    "text": "Unsealable.", "form_token": token])
                #expect(withText.status == .unprocessableContent && withText.body.contains("no tip key"), "\(withText.body)")
                let bare = try await manager.post("/tenants/alpha/tips/record", ["tip": "PH-3", "on": "2026-11-30", "channel": "mail",
                                                                                "with_contact": "on", "form_token": token])
                #expect(bare.status == .seeOther)
            }
            let stored = try await Self.rows(fixture.operators, """
                SELECT channel || ' ' || anonymous::text || ' ' || (sealed_text IS NULL)::text FROM attest.tips WHERE tenant_id = \(fixture.alpha.id) AND tip_id = 'PH-3'
                """)
            #expect(stored == ["mail false true"])
        }
    }

    @Test func theConsoleRoleCannotSealATextForAnotherTenantNorOverwriteOne() async throws {
        try await ConsoleFixture.with { fixture in
            _ = try await TenantWork(database: fixture.operators).run(tenant: fixture.bravo, actor: "test") { context, connection in
                try await EventRecordsRepository().saveTip(TipRecord(tipID: "B-1", receivedOn: try CivilDate(iso: "2026-11-30"), channel: .phone),
                                                           context: context, connection: connection, logger: TestDatabase.logger)
            }
            let key = try await TestTipKeys.with { keys in try await keys.make(for: "alpha", database: fixture.operators) }
            _ = try await TenantWork(database: fixture.operators).run(tenant: fixture.alpha, actor: "test") { context, connection in
                try await EventRecordsRepository().recordTip(TipRecord(tipID: "A-1", receivedOn: try CivilDate(iso: "2026-11-30"), channel: .mail),
                                                             text: "Kept.", context: context, connection: connection, logger: TestDatabase.logger)
            }
            let sealedBefore = try await Self.rows(fixture.operators, "SELECT encode(sealed_text, 'hex') FROM attest.tips WHERE tip_id = 'A-1'")
            let session = try await fixture.signedInSession(ConsoleFixture.managerEmail)
            let overwrite = await Self.sealAttempt(fixture, session: session, tenant: fixture.alpha.id, tip: "A-1", key: key.keyID)
            #expect(overwrite == nil, "\(overwrite ?? "")")
            let stale = await Self.sealAttempt(fixture, session: session, tenant: fixture.alpha.id, tip: "A-1", key: "0123456789abcdef")
            #expect(stale?.contains("not the tenant's active tip key") == true, "\(stale ?? "accepted")")
            #expect(try await Self.rows(fixture.operators, "SELECT encode(sealed_text, 'hex') FROM attest.tips WHERE tip_id = 'A-1'") == sealedBefore)
            let refused = await Self.sealAttempt(fixture, session: session, tenant: fixture.bravo.id, tip: "B-1")
            #expect(refused?.contains("may not record tips") == true, "\(refused ?? "accepted")")
            let direct = await Self.attempt(fixture, session: session, "UPDATE attest.tips SET sealed_text = '\\x00'::bytea WHERE tip_id = 'B-1'")
            #expect(direct?.contains("permission denied") == true, "\(direct ?? "accepted")")
        }
    }

    /// Calls the sealing function in the console role's session; the error, or nil.
    private static func sealAttempt(_ fixture: ConsoleFixture, session: String, tenant: UUID, tip: String, key: String = "k") async -> String? {
        await attempt(fixture, session: session, "SELECT attest.console_seal_tip_text('\(tenant)'::uuid, '\(tip)', decode(repeat('00', 40), 'hex'), '\(key)')")
    }

    /// Runs `sql` as the console role for the manager's `session`, acting for alpha
    /// (the tenant it may write); the database's error, or nil when it ran.
    private static func attempt(_ fixture: ConsoleFixture, session: String, _ sql: String) async -> String? {
        do {
            try await fixture.console.withTransaction { connection in
                try await connection.query("SELECT set_config('attest.console_session', \(session), true)", logger: TestDatabase.logger)
                try await connection.query("SELECT set_config('attest.tenant_id', \(fixture.alpha.id.uuidString.lowercased()), true)", logger: TestDatabase.logger)
                _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).collect()
            }
            return nil
        } catch {
            return PostgresErrorText.describe(error)
        }
    }

    private static func rows(_ database: Database, _ query: PostgresQuery) async throws -> [String] {
        try await database.client.query(query, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
    }
}
