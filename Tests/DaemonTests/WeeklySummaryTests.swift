import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The weekly summary to the agency's operators (issue 16, item 4): `attest summary send`,
/// run by two processes at once, sends each operator contact one e-mail a week, on Monday
/// from their own send hour in their own time zone, about exactly the clients they are a
/// contact of; a dead relay leaves it to retry, and the next run sends it.
@Suite struct WeeklySummaryTests {
    /// Tenants acme (operator Olive, Chicago, 8:00), beta (Olive and Oscar) and gamma
    /// (Oscar, default New York, 8:00), with overdue hires in acme.
    static func seed(_ database: TestDatabase) async throws {
        try await database.withDatabase(role: "attest_operator") { db in
            let tenants = TenantRepository(database: db)
            let olive = TenantContact(name: "Olive", email: "olive@agency.example", role: .operatorContact)
            let oscar = TenantContact(name: "Oscar", email: "oscar@agency.example", role: .operatorContact)
            func contact(_ slug: String) -> TenantContact { TenantContact(name: "C", email: "c@\(slug).example", role: .compliance) }
            _ = try await tenants.add(try TenantDraft(slug: "acme", legalName: "Acme Foods LLC", timeZone: "America/Chicago",
                                                      contacts: [contact("acme"), olive], daemonRoles: []))
            _ = try await tenants.add(try TenantDraft(slug: "beta", legalName: "Beta Corp", timeZone: "UTC", contacts: [contact("beta"), olive, oscar], daemonRoles: []))
            _ = try await tenants.add(try TenantDraft(slug: "gamma", legalName: "Gamma Inc", timeZone: "UTC", contacts: [contact("gamma"), oscar], daemonRoles: []))
            _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                try await HireRepository().save([HireRecord(externalID: "E-1", startDate: try CivilDate(iso: "2026-11-02"))],
                                                 context: context, connection: connection, logger: db.logger)
            }
        }
    }

    static func send(_ environment: [String: String], at instant: String) async throws -> AttestProcess.Output {
        try await AttestProcess.run(["summary", "send", "--now", instant], environment: environment)
    }

    @Test func eachOperatorGetsOneSummaryAWeekAboutTheirClientsFromTheirSendHour() async throws {
        try await TestDatabase.withFresh { database in
            try await Self.seed(database)
            let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-summary-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: maildir) }
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword,
                               "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "Attest <attest@agency.example>"]
            let settings = try await AttestProcess.run(["summary", "settings", "olive@agency.example", "--time-zone", "America/Chicago"],
                                                       environment: environment)
            #expect(settings.status == 0, "\(settings.standardError)")
            let badZone = try await AttestProcess.run(["summary", "settings", "olive@agency.example", "--time-zone", "Mars/Olympus"], environment: environment)
            #expect(badZone.status != 0 && badZone.standardError.contains("unknown time zone"), "\(badZone.standardError)")

            // Sunday: nothing. Monday 2026-12-07 13:30 UTC: 8:30 in New York (Oscar), 7:30 in Chicago (Olive).
            #expect(try await Self.send(environment, at: "2026-12-06T20:00:00Z").status == 0)
            #expect(CrashRecoveryTests.count(maildir) == 0)
            async let first = Self.send(environment, at: "2026-12-07T13:30:00Z")
            async let second = Self.send(environment, at: "2026-12-07T13:30:00Z")
            let runs = try await [first, second]
            #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.standardError))")
            #expect(try CrashRecoveryTests.addressees(maildir) == ["oscar@agency.example"] && CrashRecoveryTests.count(maildir) == 1)

            // An hour later Olive's hour has come; Oscar's summary is not sent again.
            async let third = Self.send(environment, at: "2026-12-07T14:30:00Z")
            async let fourth = Self.send(environment, at: "2026-12-07T14:30:00Z")
            _ = try await [third, fourth]
            #expect(try CrashRecoveryTests.addressees(maildir) == ["oscar@agency.example", "olive@agency.example"])
            #expect(CrashRecoveryTests.count(maildir) == 2, "one summary per operator per week, whoever runs it")
            let olive = try Self.message(to: "olive@agency.example", maildir)
            #expect(olive.contains("Acme Foods LLC (acme)") && olive.contains("Beta Corp (beta)") && !olive.contains("Gamma"))
            let overdue = try await Self.overdue(database, tenant: "acme", today: "2026-12-07")
            #expect(overdue > 0 && olive.contains("Overdue: \(overdue) "), "acme's overdue count (\(overdue)) in: \(olive)")
            #expect(olive.contains("No scheduler pass in the last hour"), "no daemon ran: every tenant is reported")
            let oscar = try Self.message(to: "oscar@agency.example", maildir)
            #expect(oscar.contains("Gamma Inc (gamma)") && oscar.contains("Beta Corp") && !oscar.contains("Acme"))

            // Later that week: nothing new. The next Monday, with the relay down: kept for a retry, then sent.
            #expect(try await Self.send(environment, at: "2026-12-09T15:00:00Z").status == 0)
            #expect(CrashRecoveryTests.count(maildir) == 2)
            var down = environment
            down["ATTEST_SMTP_URL"] = "smtp://127.0.0.1:1"
            let failed = try await Self.send(down, at: "2026-12-14T14:30:00Z")
            #expect(failed.status == 0 && failed.standardOutput.contains("0 sent, 2 to retry"), "\(failed.standardOutput) \(failed.standardError)")
            #expect(try await Self.send(environment, at: "2026-12-14T15:30:00Z").standardOutput.contains("2 sent"))
            #expect(CrashRecoveryTests.count(maildir) == 4)
        }
    }

    @Test func aSummaryClaimedByAProcessThatDiedIsSentOnceAfterItsLease() async throws {
        try await TestDatabase.withFresh { database in
            try await Self.seed(database)
            let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-summary-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: maildir) }
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword,
                               "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "Attest <attest@agency.example>"]
            let monday = try #require(ISO8601DateFormatter().date(from: "2026-12-07T14:30:00Z"))
            // A process claims both summaries (lease 120 s), then dies before sending.
            let claimed = try await database.withDatabase(role: "attest_operator") { db in
                try await db.withTransaction { connection in
                    _ = try await WeeklySummaryQueue().schedule(now: monday, connection: connection, logger: TestDatabase.logger)
                    return try await WeeklySummaryQueue().claim(limit: 10, lease: 120, owner: "dead", now: monday, connection: connection,
                                                                logger: TestDatabase.logger)
                }
            }
            #expect(claimed.count == 2)
            #expect(try await Self.send(environment, at: "2026-12-07T14:31:00Z").standardOutput.contains("0 sent"), "the lease still holds")
            let rescued = try await Self.send(environment, at: "2026-12-07T14:33:00Z")
            #expect(rescued.standardOutput.contains("2 sent"), "\(rescued.standardOutput) \(rescued.standardError)")
            let ids = try CrashRecoveryTests.messageIDs(maildir)
            #expect(Set(ids) == Set(claimed.map { "Message-ID: \($0.messageID)" }), "the Message-ID fixed by the summary's key")
            // The dead process's attempt can no longer finish it.
            let late = try await database.withDatabase(role: "attest_operator") { db in
                try await db.withTransaction { connection in
                    try await WeeklySummaryQueue().finish(claimed[0], sent: true, reply: "250", retryAfter: nil, now: monday,
                                                          connection: connection, logger: TestDatabase.logger)
                }
            }
            #expect(!late)
        }
    }

    static func message(to address: String, _ maildir: URL) throws -> String {
        let folder = maildir.appendingPathComponent("new")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            if text.contains("To: \(address)") { return text }
        }
        throw TestSetupError("no message to \(address)")
    }

    static func overdue(_ database: TestDatabase, tenant: String, today: String) async throws -> Int {
        try await database.superuser { connection in
            try await connection.query("""
                SELECT count(*)::int FROM attest.obligations AS o JOIN attest.tenants AS t ON t.id = o.tenant_id
                WHERE t.slug = \(tenant) AND o.state = 'open' AND o.due_on < \(today)::date
                """, logger: TestDatabase.logger).decode(Int.self).reduce(0) { $0 + $1 }
        }
    }
}
