import Compliance
@testable import Daemon
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// `kill -9` of `attest serve` in the middle of 1,000 deliveries, then a restart:
/// every delivery reaches the mailbox at least once, and the only duplicates are
/// deliveries that were in flight at the kill, each resent with the same Message-ID.
/// The deliveries are routed to people (999 preparers by role, each their own digest,
/// and the compliance contact for the work nobody is named for), as issue 16 routes them.
@Suite struct CrashRecoveryTests {
    @Test func killNineMidBatchLosesNothing() async throws {
        try await TestDatabase.withFresh { database in
            let contact = TenantContact(name: "Jane", email: "jane@acme.example", role: .compliance)
            let preparers = (1...999).map { PersonRecord(externalID: "P-\($0)", name: "Preparer \($0)", email: "p\($0)@acme.example", roles: [.i9Preparer]) }
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "acme", legalName: "Acme", timeZone: "America/Chicago", contacts: [contact], daemonRoles: ["attest_daemon"]))
                _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                    _ = try await PeopleRepository().save(preparers, context: context, connection: connection, logger: db.logger)
                    return try await HireRepository().save([HireRecord(externalID: "E-1", startDate: context.rules.sendTime().civilDate(of: Date()))],
                                                     context: context, connection: connection, logger: db.logger)
                }
            }
            let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-crash-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: maildir) }
            let environment = [
                "ATTEST_DATABASE_URL": database.url(role: "attest_daemon").withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
                "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "Attest <attest@agency.example>",
                "ATTEST_LOG_LEVEL": "warning", "ATTEST_DISPATCHERS": "3",  // three loops hold at most one batch together
            ]
            let first = try AttestProcess.start(["serve", "--tenant", "acme"], environment: environment)
            // Let it deliver more than a batch (so that one batch's outcomes were recorded,
            // or being recorded, while the next went out), then kill it without warning.
            let deadline = ContinuousClock.now + .seconds(120)
            while Self.count(maildir) < 300 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
            first.signal(SIGKILL)
            _ = try await first.wait(timeout: .seconds(10))
            let atKill = Self.count(maildir)
            #expect(atKill < 1_000, "the daemon finished before it could be killed; the test proves nothing")
            let inFlight = try await database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("SELECT count(*) FROM attest.deliveries WHERE state = 'sending'").decode(Int.self).reduce(0) { $0 + $1 }
            }
            // Restart; the lease of the killed daemon's claims must expire before they are resent,
            // so shorten it by moving the leases into the past (what time would do).
            try await database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("UPDATE attest.deliveries SET locked_until = now() - interval '1 second' WHERE state = 'sending'")
            }
            let second = try AttestProcess.start(["serve", "--tenant", "acme"], environment: environment)
            let done = ContinuousClock.now + .seconds(180)
            while ContinuousClock.now < done {
                let pending = try await database.withDatabase(role: "attest_operator") { db in
                    try await db.client.query("SELECT count(*) FROM attest.deliveries WHERE state <> 'sent'").decode(Int.self).reduce(0) { $0 + $1 }
                }
                if pending == 0 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            second.signal(SIGTERM)
            #expect(try await second.wait(timeout: .seconds(30)) == 0)
            let ids = try Self.messageIDs(maildir)
            let distinct = Set(ids)
            #expect(distinct.count == 1_000, "every delivery reaches the mailbox at least once")
            let addressees = try Self.addressees(maildir)
            #expect(addressees.count == 1_000 && addressees.contains("jane@acme.example") && addressees.contains("p999@acme.example"),
                    "each preparer and the contact got their own digest")
            #expect(ids.count - distinct.count <= inFlight, "duplicates (\(ids.count - distinct.count)) exceed the deliveries in flight at the kill (\(inFlight))")
            // A batch's outcomes are recorded before the next batch is sent (issue 19).
            #expect(ids.count - distinct.count <= MailSetup.maximumBatchSize,
                    "\(ids.count - distinct.count) deliveries were sent twice: more than one batch")
        }
    }

    static func count(_ maildir: URL) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path).count) ?? 0
    }

    static func addressees(_ maildir: URL) throws -> Set<String> {
        let folder = maildir.appendingPathComponent("new")
        return Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).compactMap { name in
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                .components(separatedBy: .newlines).first { $0.hasPrefix("To: ") }.map { String($0.dropFirst(4)) }
        })
    }

    static func messageIDs(_ maildir: URL) throws -> [String] {
        let folder = maildir.appendingPathComponent("new")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).compactMap { name in
            try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                .components(separatedBy: .newlines).first { $0.hasPrefix("Message-ID:") }
        }
    }
}
