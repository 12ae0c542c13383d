import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// docs/operations.md's backup and restore, end to end (issue 17, item 5): a database of
/// several tenants is dumped (`pg_dump --format=custom` as `attest_backup`) while a daemon
/// holds claims, some deliveries sent and others pending; the dump is restored into a new cluster, whose roles have other oids; `attest
/// migrate` finds nothing to do; the operator grants the daemon role again; a daemon on
/// the restored database sends every delivery the backup had not seen sent, each once,
/// and none it had; the event trail verifies.
@Suite struct BackupRestoreTests {
    static let tenants = ["north", "south", "west"]
    static let contactsPerTenant = 400

    @Test func aDumpTakenWhileSendingRestoresIntoANewClusterAndLosesNothing() async throws {
        let source = try await PrivatePostgres.start()
        var target: PrivatePostgres?
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            target = try await PrivatePostgres.startEmpty()
            try await run(source: source, target: try #require(target), folder: folder)
        } catch {
            Issue.record(error)
        }
        await source.stop()
        await target?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    private func run(source: PrivatePostgres, target: PrivatePostgres, folder: URL) async throws {
        try await source.seedDueDigests(tenants: Self.tenants, contacts: Self.contactsPerTenant)
        let before = folder.appendingPathComponent("mail-before"), after = folder.appendingPathComponent("mail-after")
        let daemon = try Self.startDaemon(source, maildir: before)
        // Mid-operation: as soon as a first batch is recorded as sent, the daemon is frozen
        // (SIGSTOP) with its claims held and the rest pending, dumped, then killed.
        try await Self.waitForASentDelivery(source)
        daemon.signal(SIGSTOP)
        let dump = folder.appendingPathComponent("attest.dump")
        try await source.dump(to: dump.path)
        daemon.signal(SIGKILL)
        _ = try await daemon.wait(timeout: .seconds(30))

        try await target.restore(from: dump.path)
        let migrate = try await AttestProcess.run(["migrate"], environment: ["ATTEST_DATABASE_URL": target.url("attest_owner")])
        #expect(migrate.status == 0 && migrate.standardOutput.contains("up to date"), "\(migrate.standardOutput) \(migrate.standardError)")
        let atBackup = try await Self.deliveries(target)
        let sentAtBackup = Set(atBackup.filter { $0.value == "sent" }.keys)
        #expect(!sentAtBackup.isEmpty && sentAtBackup.count < atBackup.count,
                "the backup saw \(sentAtBackup.count) of \(atBackup.count) deliveries sent; the test proves nothing")
        #expect(try await Self.staleGrants(target) == Self.tenants.count, "the new cluster's roles kept their oids; the test proves nothing")
        for slug in Self.tenants {
            let grant = try await AttestProcess.run(["tenant", "grant", slug, "--role", "attest_daemon"],
                                                    environment: ["ATTEST_DATABASE_URL": target.url("attest_operator")])
            #expect(grant.status == 0, "\(grant.standardError)")
        }
        #expect(try await Self.staleGrants(target) == 0)

        // The claims the dump caught hold 5-minute leases; a restore comes later than
        // that, and finds them expired. So does this one.
        try await Self.expireLeases(target)
        let restored = try Self.startDaemon(target, maildir: after)
        let deadline = ContinuousClock.now + .seconds(120)
        var states = atBackup
        while ContinuousClock.now < deadline {
            states = try await Self.deliveries(target)
            if !states.values.contains(where: { $0 != "sent" }) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        restored.signal(SIGTERM)
        _ = try await restored.wait(timeout: .seconds(30))
        #expect(states.count == Self.tenants.count * Self.contactsPerTenant && !states.values.contains { $0 != "sent" },
                "nothing due is skipped: \(states.values.filter { $0 != "sent" }.count) unsent; \(restored.standardOutput().suffix(1_500))")
        let resent = try CrashRecoveryTests.messageIDs(after).map(Self.bareMessageID)
        #expect(Set(resent).isDisjoint(with: sentAtBackup), "a delivery the backup had seen sent was sent again")
        #expect(resent.count == Set(resent).count, "a delivery was sent twice from the restored database")
        #expect(Set(resent) == Set(states.keys).subtracting(sentAtBackup), "the restored daemon sent exactly what the backup had not seen sent")
        for slug in Self.tenants {
            let verify = try await AttestProcess.run(["events", "verify", "--tenant", slug],
                                                     environment: ["ATTEST_DATABASE_URL": target.url("attest_operator")])
            #expect(verify.status == 0, "the restored event trail of \(slug): \(verify.standardOutput) \(verify.standardError)")
        }
    }

    static func startDaemon(_ server: PrivatePostgres, maildir: URL) throws -> RunningAttest {
        try AttestProcess.start(["serve", "--all-tenants"], environment: [
            "ATTEST_DATABASE_URL": server.url("attest_daemon"), "ATTEST_HTTP_BIND": "127.0.0.1:0",
            "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "attest@agency.example", "ATTEST_LOG_LEVEL": "warning",
        ])
    }

    /// Every delivery's state by its Message-ID (without angle brackets), as the operator sees them.
    static func deliveries(_ server: PrivatePostgres) async throws -> [String: String] {
        try await Database.withRunningClient(try DatabaseURL(parsing: server.url("attest_operator")), logger: TestDatabase.logger) { db in
            var states: [String: String] = [:]
            for try await (id, state) in try await db.client.query("SELECT message_id, state FROM attest.deliveries").decode((String, String).self) {
                states[bareMessageID(id)] = state
            }
            return states
        }
    }

    /// Polls on one connection until a delivery is recorded as sent (two minutes at most).
    static func waitForASentDelivery(_ server: PrivatePostgres) async throws {
        _ = try await Database.withRunningClient(try DatabaseURL(parsing: server.url("attest_operator")), logger: TestDatabase.logger) { db in
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                let sent = try await db.client.query("SELECT count(*)::int FROM attest.deliveries WHERE state = 'sent'").decode(Int.self).reduce(0, +)
                if sent > 0 { return }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// Ends every lease, as the minutes between a dump and its restore do.
    static func expireLeases(_ server: PrivatePostgres) async throws {
        _ = try await Database.withRunningClient(try DatabaseURL(parsing: server.url("attest_operator")), logger: TestDatabase.logger) { db in
            try await db.client.query("UPDATE attest.deliveries SET locked_until = now() - interval '1 second' WHERE state = 'sending'")
        }
    }

    /// Tenant grants whose role has another oid now than when it was granted.
    static func staleGrants(_ server: PrivatePostgres) async throws -> Int {
        try await Database.withRunningClient(try DatabaseURL(parsing: server.url("attest_operator")), logger: TestDatabase.logger) { db in
            try await db.client.query("""
                SELECT count(*)::int FROM attest.tenant_access AS a JOIN pg_catalog.pg_roles AS r ON r.rolname = a.role_name
                WHERE a.role_oid <> r.oid
                """).decode(Int.self).reduce(0, +)
        }
    }

    /// `<id@host>`, or a `Message-ID:` header line, as `id@host`.
    static func bareMessageID(_ text: String) -> String {
        let value = text.hasPrefix("Message-ID:") ? String(text.dropFirst("Message-ID:".count)) : text
        return value.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "<>")))
    }
}
