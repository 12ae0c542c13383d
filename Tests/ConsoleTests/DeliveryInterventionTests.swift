import Foundation
import HTTPTypes
import Mailer
import PostgresNIO
import Storage
import TestSupport
import Testing
@testable import Daemon

/// The deliveries that need an operator, across tenants: listed within the account's
/// scope, retried or cancelled from the console (recorded as events), and a retried one
/// sent by the running daemon at once and exactly once.
@Suite struct DeliveryInterventionTests {
    @Test func aManagerRetriesAndCancelsTheDeliveriesOfItsOwnTenantOnly() async throws {
        try await ConsoleFixture.with { fixture in
            let failed = try await Self.insert(fixture, fixture.alpha, "failed", attempt: 1, code: 550, reply: "5.1.1 mailbox unavailable")
            let retrying = try await Self.insert(fixture, fixture.alpha, "pending", attempt: 4, code: 451, reply: "4.3.0 try again later")
            let sending = try await Self.insert(fixture, fixture.alpha, "sending", attempt: 2, code: nil, reply: nil)
            let young = try await Self.insert(fixture, fixture.alpha, "pending", attempt: 1, code: 451, reply: "4.3.0 first try")
            let foreign = try await Self.insert(fixture, fixture.bravo, "failed", attempt: 1, code: 550, reply: "5.1.1 bravo's")
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let page = try await manager.get("/deliveries")
                #expect(page.status == .ok)
                #expect(page.body.contains(failed.uuidString.lowercased()) && page.body.contains(retrying.uuidString.lowercased()))
                #expect(page.body.contains("550 5.1.1 mailbox unavailable"))
                for hidden in [sending, young, foreign] {
                    #expect(!page.body.contains(hidden.uuidString.lowercased()), "\(hidden) is listed")
                }
                let token = try #require(page.formToken)
                let retried = try await manager.post("/tenants/alpha/deliveries/\(retrying.uuidString.lowercased())/retry", ["form_token": token])
                #expect(retried.status == .seeOther && retried.location == "/deliveries?done=retry#notice")
                #expect(try await manager.get("/deliveries?done=retry").body.contains("role=\"status\">The delivery is due again"))
                let cancelled = try await manager.post("/tenants/alpha/deliveries/\(failed.uuidString.lowercased())/cancel", ["form_token": token])
                #expect(cancelled.status == .seeOther)
                let inFlight = try await manager.post("/tenants/alpha/deliveries/\(sending.uuidString.lowercased())/retry", ["form_token": token])
                #expect(inFlight.status == .conflict && inFlight.body.contains("nothing was changed"))
                let other = try await manager.post("/tenants/bravo/deliveries/\(foreign.uuidString.lowercased())/retry", ["form_token": token])
                #expect(other.status == .notFound)
                let crossed = try await manager.post("/tenants/alpha/deliveries/\(foreign.uuidString.lowercased())/cancel", ["form_token": token])
                #expect(crossed.status == .conflict, "bravo's delivery id under alpha must change nothing")
                let forged = try await manager.post("/tenants/alpha/deliveries/\(young.uuidString.lowercased())/cancel", ["form_token": token],
                                                    headers: [.origin: "https://evil.example"])
                #expect(forged.status == .forbidden)
            }
            let states = try await Self.states(fixture)
            #expect(states[retrying] == "pending due" && states[failed] == "cancelled later")
            #expect(states[sending] == "sending later" && states[foreign] == "failed later" && states[young] == "pending later")
            let events = try await Self.rows(fixture.operators, """
                SELECT action || ' ' || subject_id || ' ' || actor FROM attest.events WHERE subject_kind = 'delivery' ORDER BY id
                """)
            let actor = "account:\(ConsoleFixture.managerEmail)"
            #expect(events == ["delivery.retried \(retrying.uuidString.lowercased()) \(actor)", "delivery.cancelled \(failed.uuidString.lowercased()) \(actor)"])
        }
    }

    /// A delivery whose next attempt is a day away (its relay was down) is retried from
    /// the console while `attest serve` runs: the daemon, woken by the retry's NOTIFY,
    /// sends it with its Message-ID, once; the other deliveries stay where they were.
    @Test func aRetriedDeliveryIsSentByTheRunningDaemonExactlyOnce() async throws {
        try await ConsoleFixture.with { fixture in
            _ = try await TenantRepository(database: fixture.operators).grant(slug: "alpha", role: "attest_daemon")
            try await Self.failEveryDelivery(fixture, until: Date().addingTimeInterval(86_400))
            let pending = try await Self.rows(fixture.operators, """
                SELECT id::text || ' ' || message_id FROM attest.deliveries
                WHERE tenant_id = \(fixture.alpha.id) AND state = 'pending' AND attempt = 1 AND next_attempt_at > now() + interval '1 hour'
                ORDER BY id
                """)
            let chosen = try #require(pending.first, "the relay being down left no delivery to retry").split(separator: " ")
            let (id, messageID) = (String(chosen[0]), String(chosen[1]))

            let relay = try await TestSMTPRelay()
            let daemon = try await Self.startDaemon(fixture, relay: relay)
            #expect(try relay.messages().isEmpty, "the daemon sent a delivery that was not due")
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await admin.get("/deliveries").formToken)
                let retried = try await admin.post("/tenants/alpha/deliveries/\(id)/retry", ["form_token": token])
                #expect(retried.status == .seeOther)
            }
            let state = try await Self.stateAfterRetry(fixture, delivery: id)
            daemon.signal(SIGTERM)
            _ = try await daemon.wait(timeout: .seconds(30))
            #expect(state == "sent", "the retried delivery was not sent within a minute: \(daemon.standardOutput().suffix(2_000))")
            let messages = try relay.messages()
            #expect(messages.count == 1, "\(messages.count) messages reached the relay")
            #expect(messages.first?.contains("Message-ID: ") == true && messages.first?.contains(messageID) == true, "\(messages.first?.prefix(600) ?? "none")")
            let stillWaiting = try await Self.rows(fixture.operators, """
                SELECT id::text || ' ' || message_id FROM attest.deliveries
                WHERE tenant_id = \(fixture.alpha.id) AND state = 'pending' AND attempt = 1 AND next_attempt_at > now() + interval '1 hour'
                ORDER BY id
                """)
            #expect(stillWaiting == Array(pending.dropFirst()), "deliveries that were not retried were sent or changed")
        }
    }

    /// `attest serve --tenant alpha` sending to `relay`, once its first pass is done.
    static func startDaemon(_ fixture: ConsoleFixture, relay: TestSMTPRelay) async throws -> RunningAttest {
        let daemon = try AttestProcess.start(["serve", "--tenant", "alpha"], environment: [
            "ATTEST_DATABASE_URL": fixture.database.url(role: "attest_daemon").withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
            "ATTEST_SHUTDOWN_TIMEOUT": "10", "ATTEST_SMTP_URL": "smtp://127.0.0.1:\(relay.port)?tls=none",
            "ATTEST_MAIL_FROM": "Attest <attest@agency.example>", "ATTEST_LOG_FORMAT": "json",
        ])
        _ = try await daemon.waitForOutputLine(containing: "\"scheduler pass\"")
        return daemon
    }

    /// The state of the retried delivery `id` once it is sent, or after a minute. The
    /// daemon's own safety pass is 5 minutes away: only the retry's NOTIFY wakes it sooner.
    static func stateAfterRetry(_ fixture: ConsoleFixture, delivery id: String) async throws -> String {
        var state = ""
        for _ in 0..<120 where state != "sent" {
            try await Task.sleep(for: .milliseconds(500))
            state = try await rows(fixture.operators, "SELECT state FROM attest.deliveries WHERE id::text = \(id)").first ?? ""
        }
        return state
    }

    /// One pass of alpha's daemon, in this process, at `instant`, against a relay that
    /// does not listen: every delivery it makes fails for now and waits for its retry.
    static func failEveryDelivery(_ fixture: ConsoleFixture, until instant: Date) async throws {
        try await fixture.database.withDatabase(role: "attest_daemon") { db in
            let transport = try MailTransportFactory.make(url: "smtp://127.0.0.1:1?tls=none", logger: TestDatabase.logger)
            let mail = MailSetup(transport: transport, composer: DeliveryComposer(
                templates: try TemplateSet.shipped(), sender: try MailAddress("attest@agency.example")))
            let service = TenantService(tenant: fixture.alpha, database: db, mail: mail, wake: WakeSignal(), owner: "test",
                                        clock: { instant }, logger: TestDatabase.logger)
            _ = try await service.cycle()
            await transport.close()
        }
    }

    private static func insert(_ fixture: ConsoleFixture, _ tenant: Tenant, _ state: String, attempt: Int, code: Int?, reply: String?) async throws -> UUID {
        let key = "test-\(UUID().uuidString)"
        let rows = try await fixture.operators.client.query("""
            INSERT INTO attest.deliveries (tenant_id, key, recipient, message_id, state, attempt, last_code, last_reply, next_attempt_at,
                                           locked_until)
            VALUES (\(tenant.id), \(key), 'jane@example.org', \(key + "@attest"), \(state), \(attempt), \(code), \(reply),
                    now() + interval '1 day', CASE WHEN \(state) = 'sending' THEN now() + interval '1 day' END)
            RETURNING id
            """, logger: TestDatabase.logger)
        for try await id in rows.decode(UUID.self) { return id }
        throw TestSetupError("no delivery inserted")
    }

    private static func states(_ fixture: ConsoleFixture) async throws -> [UUID: String] {
        let rows = try await fixture.operators.client.query("""
            SELECT id, state || CASE WHEN next_attempt_at <= now() THEN ' due' ELSE ' later' END FROM attest.deliveries
            """, logger: TestDatabase.logger)
        var states: [UUID: String] = [:]
        for try await (id, state) in rows.decode((UUID, String).self) { states[id] = state }
        return states
    }

    static func rows(_ database: Database, _ query: PostgresQuery) async throws -> [String] {
        try await database.client.query(query, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
    }
}
