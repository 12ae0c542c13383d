import Compliance
@testable import Daemon
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// A primary with a synchronous streaming standby, and a daemon reaching it through
/// PgBouncer (issue 17, item 2). While the daemon sends, the primary dies (`pg_ctl stop
/// -m immediate`), the standby is promoted and PgBouncer is pointed at it and reloaded,
/// as Patroni or a virtual IP would. The daemon recovers by itself: no delivery is lost,
/// and the only repeats are deliveries that were in flight (same Message-ID).
@Suite struct FailoverTests {
    static let contacts = 1_000

    @Test func theDaemonFollowsAPromotedStandbyAndLosesNothing() async throws {
        let primary = try await PrivatePostgres.start()
        var standby: PrivatePostgres?
        var bouncer: PgBouncer?
        do {
            try await primary.seedDueDigests(tenants: ["acme"], contacts: Self.contacts)
            standby = try await PrivatePostgres.startStandby(of: primary)
            bouncer = try await PgBouncer.start(serverPort: primary.port, poolSize: 4)
            try await run(primary: primary, standby: try #require(standby), bouncer: try #require(bouncer))
        } catch {
            Issue.record(error)
        }
        bouncer?.stop()
        await primary.stop()
        await standby?.stop()
    }

    private func run(primary: PrivatePostgres, standby: PrivatePostgres, bouncer: PgBouncer) async throws {
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-failover-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: maildir) }
        let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: [
            "ATTEST_DATABASE_URL": "postgres://attest_daemon:\(primary.password)@127.0.0.1:\(bouncer.port)/attest?sslmode=disable",
            "ATTEST_DATABASE_POOLING": "transaction", "ATTEST_POLL_SECONDS": "2", "ATTEST_HTTP_BIND": "127.0.0.1:0",
            "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "attest@agency.example", "ATTEST_LOG_LEVEL": "warning",
            "ATTEST_DISPATCHERS": "2",
        ])
        defer { daemon.signal(SIGKILL) }
        let started = ContinuousClock.now + .seconds(120)
        while CrashRecoveryTests.count(maildir) < 50 && ContinuousClock.now < started { try await Task.sleep(for: .milliseconds(20)) }
        try await primary.crash()
        #expect(CrashRecoveryTests.count(maildir) < Self.contacts, "all was delivered before the failover; the test proves nothing")
        try await standby.promote()
        try await bouncer.repoint(to: standby.port)

        let deadline = ContinuousClock.now + .seconds(150)
        var states: [String: String] = [:]
        while ContinuousClock.now < deadline {
            states = (try? await BackupRestoreTests.deliveries(standby)) ?? [:]
            if states.count == Self.contacts && !states.values.contains(where: { $0 != "sent" }) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(states.count == Self.contacts && !states.values.contains { $0 != "sent" },
                "\(states.values.filter { $0 != "sent" }.count) of \(states.count) deliveries unsent on the promoted standby; daemon said: \(daemon.standardOutput().suffix(2_000))")
        let sent = try CrashRecoveryTests.messageIDs(maildir).map(BackupRestoreTests.bareMessageID)
        #expect(Set(sent) == Set(states.keys), "no delivery is lost: \(Set(states.keys).subtracting(sent).count) never reached the mailbox")
        // In flight at the crash: at most the batch being sent and the one whose outcome
        // was being recorded.
        let repeats = sent.count - Set(sent).count
        #expect(repeats <= MailSetup.maximumBatchSize, "\(repeats) deliveries were sent twice")
        daemon.signal(SIGTERM)
        #expect(try await daemon.wait(timeout: .seconds(30)) == 0, "the daemon kept running through the failover and stops cleanly")
    }
}
