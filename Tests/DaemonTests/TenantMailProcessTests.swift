import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// One `attest serve` hosting several tenants, each with its own relay and sender
/// (`ATTEST_TENANT_<SLUG>_SMTP_URL`, `…_MAIL_FROM`), and the start-up refusals of
/// per-tenant keys.
@Suite struct TenantMailProcessTests {
    /// `alpha` and `beta-co` have their own relay and sender, `delta` only its own
    /// sender, `gamma` nothing of its own.
    static let slugs = ["alpha", "beta-co", "gamma", "delta"]

    static func recipient(_ slug: String) -> String { "compliance@\(slug).example" }

    /// A migrated database with the tenants granted to a fresh daemon role, each with a
    /// hire starting today (so reminders are due now) and one compliance contact.
    private func withTenants(_ body: (TestDatabase, String) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            let role = try await database.createDaemonRole()
            try await database.withDatabase(role: "attest_operator") { db in
                for slug in Self.slugs {
                    _ = try await TenantRepository(database: db).add(try TenantDraft(
                        slug: slug, legalName: slug.capitalized, timeZone: "UTC",
                        contacts: [TenantContact(name: "C", email: Self.recipient(slug), role: .compliance)], daemonRoles: [role]))
                    _ = try await TenantWork(database: db).run(slug: slug, actor: "test") { context, connection in
                        try await HireRepository().save([HireRecord(externalID: "E-1", startDate: context.rules.sendTime().civilDate(of: Date()))],
                                                         context: context, connection: connection, logger: db.logger)
                    }
                }
            }
            try await body(database, role)
        }
    }

    @Test func eachTenantsRemindersGoToItsOwnRelayFromItsOwnSender() async throws {
        try await withTenants { database, role in
            let alphaRelay = try await TestSMTPRelay(), betaRelay = try await TestSMTPRelay()
            let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-shared-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: maildir) }
            var environment = ServeProcessTests.environment(database, role: role)
            environment["ATTEST_SMTP_URL"] = "maildir:\(maildir.path)"
            environment["ATTEST_MAIL_FROM"] = "Attest <attest@agency.example>"
            environment["ATTEST_TENANT_ALPHA_SMTP_URL"] = "smtp://127.0.0.1:\(alphaRelay.port)?tls=none"
            environment["ATTEST_TENANT_ALPHA_MAIL_FROM"] = "Alpha HR <hr@alpha.example>"
            environment["ATTEST_TENANT_BETA_CO_SMTP_URL"] = "smtp://127.0.0.1:\(betaRelay.port)?tls=none"
            environment["ATTEST_TENANT_BETA_CO_MAIL_FROM"] = "Beta Co <people@beta-co.example>"
            environment["ATTEST_TENANT_DELTA_MAIL_FROM"] = "Delta <office@delta.example>"
            let daemon = try AttestProcess.start(["serve"] + Self.slugs.flatMap { ["--tenant", $0] }, environment: environment)
            try await Self.waitUntilAllSent(database, count: Self.slugs.count, daemon: daemon)
            daemon.signal(SIGTERM)
            #expect(try await daemon.wait(timeout: .seconds(30)) == 0, "stderr: \(daemon.standardError())")

            let alpha = try alphaRelay.messages(), beta = try betaRelay.messages()
            let shared = try Self.maildirMessages(maildir)
            #expect(alpha.map(Self.envelope) == [Envelope(from: "Alpha HR <hr@alpha.example>", to: Self.recipient("alpha"))])
            #expect(beta.map(Self.envelope) == [Envelope(from: "Beta Co <people@beta-co.example>", to: Self.recipient("beta-co"))])
            #expect(Set(shared.map(Self.envelope)) == [
                Envelope(from: "Attest <attest@agency.example>", to: Self.recipient("gamma")),
                Envelope(from: "Delta <office@delta.example>", to: Self.recipient("delta")),
            ])
            let output = daemon.standardOutput()
            #expect(output.contains("\"smtp.url\":\"smtp://127.0.0.1:\(alphaRelay.port)?tls=none\""), "each transport is logged at start-up")
        }
    }

    @Test(arguments: [
        ("ATTEST_TENANT_BETA_CO_SMTP_URL", "smtp://127.0.0.1:2525?tls=none", "tenant \"beta-co\" is not hosted by this daemon"),
        ("ATTEST_TENANT_ALPHA_SMTP_URL", "smtp://attest:hunter2@relay.example:25?tls=none", "AUTH is only sent over TLS"),
        ("ATTEST_TENANT_ALPHA_SMTP_URL", "smtpx://attest:hunter2@relay.example", "the scheme \"smtpx\" is not supported"),
        ("ATTEST_TENANT_ALPHA_SMTP_ULR", "smtp://127.0.0.1:2525?tls=none", "unknown per-tenant key"),
    ])
    func refusesAPerTenantKeyItCannotUseNamingIt(key: String, value: String, message: String) async throws {
        try await withTenants { database, role in
            var environment = ServeProcessTests.environment(database, role: role)
            environment["ATTEST_MAIL_FROM"] = "Attest <attest@agency.example>"
            environment[key] = value
            let output = try await AttestProcess.run(["serve", "--tenant", "alpha"], environment: environment)
            #expect(output.status != 0)
            #expect(output.standardError.contains("\(key): "), "stderr: \(output.standardError)")
            #expect(output.standardError.contains(message), "stderr: \(output.standardError)")
            #expect(!output.standardError.contains("hunter2"))
            #expect(!output.standardOutput.contains("tenant service started"), "nothing started")
        }
    }

    @Test func allTenantsWarnsAboutATenantNotGrantedYetAndStarts() async throws {
        try await withTenants { database, role in
            var environment = ServeProcessTests.environment(database, role: role)
            environment["ATTEST_TENANT_LATER_SMTP_URL"] = "maildir:/tmp/attest-later-\(UUID().uuidString)"
            environment["ATTEST_TENANT_LATER_MAIL_FROM"] = "later@later.example"
            let daemon = try AttestProcess.start(["serve", "--all-tenants"], environment: environment)
            let warning = try await daemon.waitForOutputLine(containing: "mail settings for a tenant not hosted (yet)")
            #expect(warning.contains("\"tenant\":\"later\""))
            _ = try await daemon.waitForOutputLine(containing: "tenant service started")
            daemon.signal(SIGTERM)
            #expect(try await daemon.wait(timeout: .seconds(30)) == 0)
        }
    }

    struct Envelope: Hashable, CustomStringConvertible {
        let from: String
        let to: String
        var description: String { "\(from) → \(to)" }
    }

    static func envelope(_ message: String) -> Envelope {
        Envelope(from: header("From", in: message), to: header("To", in: message))
    }

    static func header(_ name: String, in message: String) -> String {
        let line = message.components(separatedBy: .newlines).first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
        return line.map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    static func maildirMessages(_ maildir: URL) throws -> [String] {
        let folder = maildir.appendingPathComponent("new")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).map {
            try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// Waits until `count` deliveries exist and all are sent (or fails after a minute).
    static func waitUntilAllSent(_ database: TestDatabase, count: Int, daemon: RunningAttest) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        var states: [String: Int] = [:]
        while ContinuousClock.now < deadline {
            states = try await database.withDatabase(role: "attest_operator") { db in
                var states: [String: Int] = [:]
                for try await (state, n) in try await db.client.query("SELECT state, count(*)::int FROM attest.deliveries GROUP BY state").decode((String, Int).self) {
                    states[state] = n
                }
                return states
            }
            if states == ["sent": count] { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSetupError("deliveries never all sent: \(states); stdout: \(daemon.standardOutput())")
    }
}
