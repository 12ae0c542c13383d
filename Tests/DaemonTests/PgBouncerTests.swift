import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Attest through a real PgBouncer in transaction pooling mode (issue 17, item 1): 200
/// tenants, two daemon processes, a server pool of 4 connections. One daemon listens for
/// changes on a direct connection (`ATTEST_LISTEN_DATABASE_URL`), the other polls; every
/// due delivery, those due at start and those a change makes due later, is sent once.
@Suite struct PgBouncerTests {
    static let tenants = 200
    static let contacts = 2
    static let serverPool = 4

    @Test func twoDaemonsThroughATransactionPoolerSendEveryDeliveryOnce() async throws {
        try await TestDatabase.withFresh { database in
            try await Self.seed(database)
            let bouncer = try await PgBouncer.start(serverPort: database.port, poolSize: Self.serverPool)
            defer { bouncer.stop() }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pgbouncer-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let pooled = "postgres://attest_daemon:\(database.password)@127.0.0.1:\(bouncer.port)/\(database.name)?sslmode=disable"
            let migrate = try await AttestProcess.run(["migrate"], environment: [
                "ATTEST_DATABASE_URL": pooled.replacingOccurrences(of: "attest_daemon", with: "attest_owner"), "ATTEST_DATABASE_POOLING": "transaction",
            ])
            #expect(migrate.status == 1 && migrate.standardError.contains("run attest migrate with a direct ATTEST_DATABASE_URL"), "\(migrate.standardError)")
            let listening = try Self.startDaemon(pooled, maildir: folder.appendingPathComponent("a"), extra: [
                "ATTEST_LISTEN_DATABASE_URL": database.url(role: "attest_daemon").withPassword, "ATTEST_LOG_LEVEL": "info",
            ])
            let polling = try Self.startDaemon(pooled, maildir: folder.appendingPathComponent("b"), extra: ["ATTEST_POLL_SECONDS": "5"])
            defer { for daemon in [listening, polling] { daemon.signal(SIGTERM) } }

            var busiest = 0
            let first = try await Self.waitUntilSent(database, count: Self.tenants * Self.contacts, busiest: &busiest)
            #expect(first == Self.tenants * Self.contacts, "\(first) deliveries sent; \(polling.standardOutput().suffix(1_500))")
            // A change after start-up: a new hire in one tenant makes new digests due now.
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantWork(database: db).run(slug: "t7", actor: "test") { context, connection in
                    try await HireRepository().save([HireRecord(externalID: "E-2", startDate: context.rules.sendTime().civilDate(of: Date()))],
                                                     context: context, connection: connection, logger: db.logger)
                }
            }
            let all = try await Self.waitUntilSent(database, count: nil, busiest: &busiest)
            for daemon in [listening, polling] { daemon.signal(SIGTERM) }
            let stopped = [try await listening.wait(timeout: .seconds(30)), try await polling.wait(timeout: .seconds(30))]
            #expect(stopped == [0, 0], "the daemons stop cleanly")

            let sent = try ["a", "b"].flatMap { try CrashRecoveryTests.messageIDs(folder.appendingPathComponent($0)) }
            #expect(all > first, "the new hire made no new delivery")
            #expect(sent.count == all && Set(sent).count == all, "\(sent.count) messages (\(Set(sent).count) distinct) for \(all) deliveries")
            #expect(busiest <= Self.serverPool + 1, "the server saw \(busiest) daemon connections: more than the pool and the listener")
            #expect(listening.standardOutput().contains("listening for changes on a direct connection"))
            #expect(polling.standardOutput().contains("every tenant's scheduler is woken every 5 s"))
        }
    }

    /// `count` tenants × contacts: each tenant has a hire that starts today.
    static func seed(_ database: TestDatabase) async throws {
        try await database.withDatabase(role: "attest_operator") { db in
            for index in 1...tenants {
                let people = (1...contacts).map { TenantContact(name: "R\($0)", email: "r\($0)@t\(index).example", role: .compliance) }
                _ = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "t\(index)", legalName: "Tenant \(index)", timeZone: "America/Chicago", contacts: people, daemonRoles: ["attest_daemon"]))
                _ = try await TenantWork(database: db).run(slug: "t\(index)", actor: "test") { context, connection in
                    try await HireRepository().save([HireRecord(externalID: "E-1", startDate: context.rules.sendTime().civilDate(of: Date()))],
                                                     context: context, connection: connection, logger: db.logger)
                }
            }
        }
    }

    static func startDaemon(_ url: String, maildir: URL, extra: [String: String]) throws -> RunningAttest {
        try AttestProcess.start(["serve", "--all-tenants"], environment: [
            "ATTEST_DATABASE_URL": url, "ATTEST_DATABASE_POOLING": "transaction", "ATTEST_HTTP_BIND": "127.0.0.1:0",
            "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "attest@agency.example", "ATTEST_LOG_LEVEL": "warning",
        ].merging(extra) { $1 })
    }

    /// Waits (up to three minutes) until `count` deliveries exist, or with nil at least
    /// one more than were sent at the call, and every delivery is sent; the number sent.
    /// `busiest`: the most server connections of the daemon role seen meanwhile.
    static func waitUntilSent(_ database: TestDatabase, count: Int?, busiest: inout Int) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(180)
        var floor = count
        var sent = 0
        while ContinuousClock.now < deadline {
            let (total, done, connections) = try await database.superuser { connection in
                try await connection.query("""
                    SELECT (SELECT count(*)::int FROM attest.deliveries), (SELECT count(*)::int FROM attest.deliveries WHERE state = 'sent'),
                           (SELECT count(*)::int FROM pg_catalog.pg_stat_activity WHERE usename = 'attest_daemon' AND datname = current_database())
                    """, logger: TestDatabase.logger).decode((Int, Int, Int).self).first { _ in true } ?? (0, 0, 0)
            }
            busiest = max(busiest, connections)
            if floor == nil { floor = done + 1 }
            sent = done
            if total >= floor! && done == total { return done }
            try await Task.sleep(for: .milliseconds(250))
        }
        return sent
    }
}

/// A PgBouncer of a test's own (deploy/testing/pgbouncer/pgbouncer.sh), in transaction
/// pooling mode.
struct PgBouncer: Sendable {
    let folder: String
    let port: Int

    static func start(serverPort: Int, poolSize: Int) async throws -> PgBouncer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pgbouncer-\(UUID().uuidString.prefix(8))").path
        let (status, output) = try await run(["start", folder, "\(serverPort)", "\(poolSize)"])
        guard status == 0, let port = output.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            throw TestSetupError("pgbouncer did not start (run deploy/testing/pgbouncer/install-pgbouncer.sh; make test does): \(output)")
        }
        return PgBouncer(folder: folder, port: port)
    }

    /// Points it at another server and reloads it.
    func repoint(to serverPort: Int) async throws {
        let (status, output) = try await Self.run(["repoint", folder, "\(serverPort)"])
        guard status == 0 else { throw TestSetupError("pgbouncer repoint failed: \(output)") }
    }

    func stop() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (try? TestEnvironment.repository() + "/deploy/testing/pgbouncer/pgbouncer.sh") ?? "/bin/false")
        process.arguments = ["stop", folder]
        process.environment = AttestProcess.environment(["ATTEST_TEST_ROLE_PASSWORD": (try? TestEnvironment.rolePassword()) ?? ""])
        try? process.run()
        process.waitUntilExit()
    }

    private static func run(_ arguments: [String]) async throws -> (Int32, String) {
        try await ChildProcess.run(try TestEnvironment.repository() + "/deploy/testing/pgbouncer/pgbouncer.sh", arguments,
                                   environment: ["ATTEST_TEST_ROLE_PASSWORD": try TestEnvironment.rolePassword()])
    }
}
