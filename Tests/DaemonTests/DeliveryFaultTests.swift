import Compliance
import Foundation
import Logging
import Mailer
import PostgresNIO
import Storage
import TestSupport
import Testing
@testable import Daemon

/// The dispatcher against a real SMTP server that fails on purpose.
@Suite struct DeliveryFaultTests {
    static func runCycles(_ database: TestDatabase, tenant: Tenant, smtpURL: String, at instant: Date) async throws {
        try await database.withDatabase(role: "attest_daemon") { db in
            let transport = try MailTransportFactory.make(url: smtpURL, logger: TestDatabase.logger)
            let mail = MailSetup(transport: transport, composer: DeliveryComposer(
                templates: try TemplateSet.shipped(), sender: try MailAddress("attest@agency.example")))
            let service = TenantService(tenant: tenant, database: db, mail: mail, wake: WakeSignal(), owner: "test",
                                        clock: { instant }, logger: TestDatabase.logger)
            _ = try await service.cycle()
            await transport.close()
        }
    }

    static func withTenant(contacts: [String], _ body: (TestDatabase, Database, Tenant) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                let tenant = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "acme", legalName: "Acme", timeZone: "America/Chicago",
                    contacts: contacts.map { TenantContact(name: $0, email: $0, role: .compliance) }, daemonRoles: ["attest_daemon"]))
                _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                    try await HireRepository().save([HireRecord(externalID: "E-1", startDate: context.rules.sendTime().civilDate(of: Date()))],
                                                     context: context, connection: connection, logger: db.logger)
                }
                try await body(database, db, tenant)
            }
        }
    }

    static func states(_ db: Database) async throws -> [String: String] {
        var states: [String: String] = [:]
        for try await (recipient, state) in try await db.client.query("SELECT recipient, state FROM attest.deliveries").decode((String, String).self) {
            states[recipient] = state
        }
        return states
    }

    @Test func transientFailuresAreRetriedUntilDeliveredOnceAndPermanentOnesFailVisibly() async throws {
        try await Self.withTenant(contacts: ["flaky2@acme.example", "code550@acme.example"]) { database, db, tenant in
            let relay = try await TestSMTPRelay()
            let url = "smtp://127.0.0.1:\(relay.port)?tls=none"
            let start = Date().addingTimeInterval(1)
            try await Self.runCycles(database, tenant: tenant, smtpURL: url, at: start)
            var states = try await Self.states(db)
            #expect(states["code550@acme.example"] == "failed")
            #expect(states["flaky2@acme.example"] == "pending")
            // Retries after the backoff (≤ 30 s, then ≤ 60 s): the second 451, then accepted.
            try await Self.runCycles(database, tenant: tenant, smtpURL: url, at: start.addingTimeInterval(31))
            #expect(try await Self.states(db)["flaky2@acme.example"] == "pending")
            try await Self.runCycles(database, tenant: tenant, smtpURL: url, at: start.addingTimeInterval(200))
            states = try await Self.states(db)
            #expect(states["flaky2@acme.example"] == "sent")
            #expect(states["code550@acme.example"] == "failed", "a permanent failure must not be retried")
            #expect(try relay.messages().count == 1, "delivered once")
            var codes: [Int?] = []
            for try await code in try await db.client.query("SELECT last_code FROM attest.deliveries WHERE state = 'failed'").decode(Int?.self) {
                codes.append(code)
            }
            #expect(codes == [550])
            let status = try await db.withTransaction { connection in
                try await AgendaRepository().status(today: try CivilDate(iso: "2026-11-29"), connection: connection, logger: db.logger)
            }
            #expect(status.first { $0.tenant == "acme" }?.failedDeliveries == 1)
        }
    }

    @Test func aTenantWhoseRelayIsDownDoesNotDelayAnother() async throws {
        try await TestDatabase.withFresh { database in
            let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-iso-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: maildir) }
            let (down, up) = try await database.withDatabase(role: "attest_operator") { db in
                let tenants = TenantRepository(database: db)
                let down = try await tenants.add(try TenantDraft(slug: "down", legalName: "Down", timeZone: "UTC",
                    contacts: [TenantContact(name: "D", email: "d@down.example", role: .compliance)], daemonRoles: ["attest_daemon"]))
                let up = try await tenants.add(try TenantDraft(slug: "up", legalName: "Up", timeZone: "UTC",
                    contacts: [TenantContact(name: "U", email: "u@up.example", role: .compliance)], daemonRoles: ["attest_daemon"]))
                for slug in ["down", "up"] {
                    _ = try await TenantWork(database: db).run(slug: slug, actor: "test") { context, connection in
                        try await HireRepository().save([HireRecord(externalID: "E-1", startDate: context.rules.sendTime().civilDate(of: Date()))],
                                                         context: context, connection: connection, logger: db.logger)
                    }
                }
                return (down, up)
            }
            let now = Date().addingTimeInterval(1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.runCycles(database, tenant: down, smtpURL: "smtp://127.0.0.1:1?tls=none", at: now) }
                group.addTask { try await Self.runCycles(database, tenant: up, smtpURL: "maildir:\(maildir.path)", at: now) }
                try await group.waitForAll()
            }
            let delivered = try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path)
            #expect(delivered.count == 1)
            let states = try await database.withDatabase(role: "attest_operator") { try await Self.states($0) }
            #expect(states["u@up.example"] == "sent")
            #expect(states["d@down.example"] == "pending", "a dead relay is a transient failure, retried later")
        }
    }
}
