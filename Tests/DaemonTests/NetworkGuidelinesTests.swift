import Compliance
import Foundation
import Logging
import Mailer
import PostgresNIO
import Storage
import TestSupport
import Testing
@testable import Daemon

/// `attest network send-guidelines` and the sender behind it, against a real database
/// and a real SMTP server (aiosmtpd) that refuses one company's address.
@Suite struct NetworkGuidelinesTests {
    static let day = try! CivilDate(iso: "2026-11-20")

    /// Tenant `acme` with three companies; NET-2's address is refused by the relay (550).
    static func withNetwork(_ body: (TestDatabase, Database) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "acme", legalName: "Acme Foods", timeZone: "America/Chicago", daemonRoles: ["attest_daemon"]))
                _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                    for (id, email) in [("NET-1", "hr@net1.example"), ("NET-2", "code550@net2.example"), ("NET-3", "hr@net3.example")] {
                        _ = try await NetworkRepository().saveCompany(
                            NetworkCompanyRecord(companyID: id, name: "Company \(id)", contactName: "Contact \(id)", contactEmail: email,
                                                 joinedOn: try CivilDate(iso: "2026-11-01")),
                            context: context, connection: connection, logger: db.logger)
                    }
                    return 0
                }
                try await body(database, db)
            }
        }
    }

    static func send(_ db: Database, relay: TestSMTPRelay, templates: String? = nil) async throws -> GuidelinesRun {
        let transport = try MailTransportFactory.make(url: "smtp://127.0.0.1:\(relay.port)?tls=none", logger: TestDatabase.logger)
        let sender = GuidelinesSender(database: db, transport: transport, sender: try MailAddress("attest@agency.example"),
                                      templates: try TemplateSet.load(overrideDirectory: templates), actor: "test")
        let run = try await sender.send(slug: "acme", year: nil, on: day)
        await transport.close()
        return run
    }

    /// `company: state` of each communication obligation.
    static func obligations(_ db: Database) async throws -> [String: String] {
        let rows = try await db.client.query("""
            SELECT subject_id, string_agg(state, ',' ORDER BY due_on) FROM attest.obligations
            WHERE kind = 'network_communication' AND state <> 'cancelled' GROUP BY subject_id
            """)
        var result: [String: String] = [:]
        for try await (company, states) in rows.decode((String, String).self) { result[company] = states }
        return result
    }

    @Test func aRefusedCompanyStaysOpenWhileTheOthersComplete() async throws {
        try await Self.withNetwork { _, db in
            let relay = try await TestSMTPRelay()
            let run = try await Self.send(db, relay: relay)
            #expect(run.reached.map(\.companyID) == ["NET-1", "NET-3"])
            #expect(run.notReached.map(\.companyID) == ["NET-2"])
            #expect(run.notReached.first?.send.reply.contains("550") == true)
            #expect(try await Self.obligations(db) == ["NET-1": "done,open", "NET-2": "open", "NET-3": "done,open"])
            let sends = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                var found: [String] = []
                for company in ["NET-1", "NET-2", "NET-3"] {
                    for send in try await NetworkSendRepository().sends(company: company, year: 2026, context: context, connection: connection, logger: db.logger) {
                        found.append("\(company) \(send.outcome.rawValue) \(send.replyCode.map(String.init) ?? "-")")
                    }
                }
                return found
            }
            #expect(sends == ["NET-1 accepted 250", "NET-2 permanent_failure 550", "NET-3 accepted 250"])
            let messages = try relay.messages()
            #expect(messages.count == 2)
            #expect(messages.contains { $0.contains("Message-ID: <network-guidelines.2026.NET-1@acme.attest.invalid>") })
            #expect(messages.allSatisfy { $0.contains("Subject: IMAGE guidelines for 2026 from Acme Foods") })
        }
    }

    @Test func aSecondRunSendsOnlyToThoseNotReachedWithTheSameMessageID() async throws {
        try await Self.withNetwork { _, db in
            let relay = try await TestSMTPRelay()
            _ = try await Self.send(db, relay: relay)
            _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                try await NetworkRepository().saveCompany(
                    NetworkCompanyRecord(companyID: "NET-2", name: "Company NET-2", contactEmail: "hr@net2.example", joinedOn: try CivilDate(iso: "2026-11-01")),
                    context: context, connection: connection, logger: db.logger)
            }
            let second = try await Self.send(db, relay: relay)
            #expect(second.sends.map(\.companyID) == ["NET-2"])
            #expect(second.notReached.isEmpty)
            #expect(second.sends.first?.send.messageID == "<network-guidelines.2026.NET-2@acme.attest.invalid>")
            #expect(try await Self.obligations(db) == ["NET-1": "done,open", "NET-2": "done,open", "NET-3": "done,open"])
            let third = try await Self.send(db, relay: relay)
            #expect(third.sends.isEmpty, "everyone reached this year: nothing is sent")
            #expect(try relay.messages().count == 3)
        }
    }

    @Test func aCompanyWithoutAnAddressIsRecordedAsNotReached() async throws {
        try await Self.withNetwork { _, db in
            _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                try await NetworkRepository().saveCompany(
                    NetworkCompanyRecord(companyID: "NET-4", name: "No Mail Co", joinedOn: try CivilDate(iso: "2026-11-01")),
                    context: context, connection: connection, logger: db.logger)
            }
            let relay = try await TestSMTPRelay()
            let run = try await Self.send(db, relay: relay)
            #expect(run.notReached.map(\.companyID) == ["NET-2", "NET-4"])
            #expect(run.notReached.last?.send.outcome == .noAddress)
            #expect(try await Self.obligations(db)["NET-4"] == "open")
        }
    }

    @Test func aTenantsTemplateReplacesTheShippedOne() async throws {
        try await Self.withNetwork { _, db in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-guidelines-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try Data("Our hiring standards for {{companyName}}, {{year}}".utf8).write(to: folder.appendingPathComponent("network-guidelines.subject.mustache"))
            let relay = try await TestSMTPRelay()
            _ = try await Self.send(db, relay: relay, templates: folder.path)
            #expect(try relay.messages().contains { $0.contains("Subject: Our hiring standards for Company NET-1, 2026") })
        }
    }

    @Test func theCommandExitsNonZeroNamingTheCompaniesNotReached() async throws {
        try await Self.withNetwork { database, _ in
            let relay = try await TestSMTPRelay()
            let url = database.url(role: "attest_operator")
            let output = try await AttestProcess.run(["network", "send-guidelines", "--tenant", "acme"], environment: [
                "ATTEST_DATABASE_URL": "postgres://attest_operator:\(url.password ?? "")@127.0.0.1:\(url.port)/\(url.database)?sslmode=disable",
                "ATTEST_SMTP_URL": "smtp://127.0.0.1:\(relay.port)?tls=none", "ATTEST_MAIL_FROM": "Attest <attest@agency.example>",
                "ATTEST_LOG_LEVEL": "error",
            ])
            #expect(output.status == 1)
            #expect(output.standardOutput.contains("sent NET-1"))
            #expect(output.standardError.contains("not reached") && output.standardError.contains("NET-2") && output.standardError.contains("550"))
            #expect(!output.standardError.contains("NET-1"))
        }
    }
}
