import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// PostgreSQL restarted (`pg_ctl restart -m immediate`) while `attest serve` delivers:
/// the daemon recovers by itself, without a restart, and nothing is lost.
@Suite struct DatabaseRestartTests {
    @Test func theDaemonRecoversFromADatabaseRestartAndLosesNothing() async throws {
        let server = try await PrivatePostgres.start()
        do {
            try await run(server)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    private func run(_ server: PrivatePostgres) async throws {
        let url = { (role: String) in try! DatabaseURL(parsing: server.url(role)) }
        try await server.seedDueDigests(tenants: ["acme"], contacts: 1_000)
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-restart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: maildir) }
        let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: [
            "ATTEST_DATABASE_URL": "postgres://attest_daemon:\(server.password)@127.0.0.1:\(server.port)/attest?sslmode=disable",
            "ATTEST_HTTP_BIND": "127.0.0.1:0", "ATTEST_SMTP_URL": "maildir:\(maildir.path)",
            "ATTEST_MAIL_FROM": "attest@agency.example", "ATTEST_LOG_LEVEL": "warning", "ATTEST_DISPATCHERS": "2",
        ])
        let started = ContinuousClock.now + .seconds(120)
        while CrashRecoveryTests.count(maildir) < 50 && ContinuousClock.now < started { try await Task.sleep(for: .milliseconds(20)) }
        try await server.restartImmediately()
        #expect(CrashRecoveryTests.count(maildir) < 1_000, "all was delivered before the restart; the test proves nothing")
        // Wait for every delivery to be sent, without touching the daemon. A delivery whose
        // outcome could not be recorded while the server was down stays claimed until its
        // lease expires (5 minutes), and the daemon wakes then; past the first wait,
        // expire those leases and wake it (what time would do) and wait again.
        let deadline = ContinuousClock.now + .seconds(150)
        var unsent = -1
        while ContinuousClock.now < deadline {
            unsent = (try? await Database.withRunningClient(url("attest_operator"), logger: TestDatabase.logger) { db in
                try await db.client.query("SELECT count(*) FROM attest.deliveries WHERE state <> 'sent'").decode(Int.self).reduce(0) { $0 + $1 }
            }) ?? -1
            if unsent == 0 { break }
            if ContinuousClock.now > deadline - .seconds(60) {
                _ = try? await Database.withRunningClient(url("attest_operator"), logger: TestDatabase.logger) { db in
                    try await db.client.query("UPDATE attest.deliveries SET locked_until = now() - interval '1 second' WHERE state = 'sending'")
                    try await db.client.query("SELECT attest.wake_tenants(ARRAY(SELECT id FROM attest.tenants))")
                }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(unsent == 0, "deliveries left unsent after the restart: \(unsent); daemon said: \(daemon.standardOutput().suffix(2_000))")
        let ids = try CrashRecoveryTests.messageIDs(maildir)
        #expect(Set(ids).count == 1_000, "every delivery reaches the mailbox")
        daemon.signal(SIGTERM)
        #expect(try await daemon.wait(timeout: .seconds(30)) == 0, "the daemon kept running through the restart and stops cleanly")
    }
}

/// A PostgreSQL server of the test's own (deploy/testing/private-postgres.sh), set up
/// with the production roles, that the test may restart or stop.
struct PrivatePostgres {
    let folder: String
    let port: Int
    let password: String
    /// With `tls`: the PEM file of the CA that signed the server's certificate (for
    /// DNS:localhost only).
    var certificateAuthority: String?

    static func start(tls: Bool = false) async throws -> PrivatePostgres {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pg-\(UUID().uuidString.prefix(8))").path
        let run = try await script([tls ? "start-tls" : "start", folder])
        let words = run.output.split(separator: " ").map(String.init)
        guard let port = words.dropFirst().first.flatMap({ Int($0) }) else { throw await notStarted(run, folder: folder) }
        let authority = words.firstIndex(of: "CA").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        return PrivatePostgres(folder: folder, port: port, password: try TestEnvironment.rolePassword(), certificateAuthority: authority)
    }

    /// A server for a restore: Attest's roles (made after the backup role, so their oids
    /// differ from the source's) and an empty database `attest`.
    static func startEmpty() async throws -> PrivatePostgres {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pg-\(UUID().uuidString.prefix(8))").path
        let run = try await script(["start-empty", folder])
        guard let port = run.output.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw await notStarted(run, folder: folder)
        }
        return PrivatePostgres(folder: folder, port: port, password: try TestEnvironment.rolePassword())
    }

    /// Migrates the database and adds `tenants`, each with `contacts` compliance contacts
    /// (`rN@SLUG.example`) and a hire that starts today: one digest per contact is due at once.
    func seedDueDigests(tenants: [String], contacts: Int) async throws {
        _ = try await Database.withRunningClient(try DatabaseURL(parsing: url("attest_owner")), logger: TestDatabase.logger) { db in
            try await Migrator(migrations: try Migration.embedded(), logger: TestDatabase.logger).migrate(db.client)
        }
        try await Database.withRunningClient(try DatabaseURL(parsing: url("attest_operator")), logger: TestDatabase.logger) { db in
            for slug in tenants {
                let people = (1...contacts).map { TenantContact(name: "R\($0)", email: "r\($0)@\(slug).example", role: .compliance) }
                _ = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: slug, legalName: slug.capitalized, timeZone: "America/Chicago", contacts: people, daemonRoles: ["attest_daemon"]))
                _ = try await TenantWork(database: db).run(slug: slug, actor: "test") { context, connection in
                    try await HireRepository().save([HireRecord(externalID: "E-1", startDate: context.rules.sendTime().civilDate(of: Date()))],
                                                     context: context, connection: connection, logger: db.logger)
                }
            }
        }
    }

    /// The URL of `role` (over TCP, with the test password).
    func url(_ role: String) -> String {
        "postgres://\(role):\(password)@127.0.0.1:\(port)/attest?sslmode=disable"
    }

    /// `pg_dump --format=custom` of the database into `file`, as the backup role.
    func dump(to file: String) async throws {
        let run = try await Self.script(["dump", folder, file], keepErrors: true)
        guard run.status == 0 else { throw TestSetupError("pg_dump failed: \(run.output)") }
    }

    /// `pg_restore` of `file` into this (empty) server's database.
    func restore(from file: String) async throws {
        let run = try await Self.script(["restore", folder, file], keepErrors: true)
        guard run.status == 0 else { throw TestSetupError("pg_restore failed: \(run.output)") }
    }

    /// A streaming replica of `primary`, which `primary` then waits for on every commit.
    static func startStandby(of primary: PrivatePostgres) async throws -> PrivatePostgres {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pg-\(UUID().uuidString.prefix(8))").path
        let run = try await script(["start-standby", folder, primary.folder], keepErrors: true)
        guard run.status == 0, let port = run.output.split(separator: "\n").last?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw TestSetupError("the standby did not start: \(run.output)")
        }
        return PrivatePostgres(folder: folder, port: port, password: primary.password)
    }

    /// Stops the server at once, as if its machine died (`pg_ctl stop -m immediate`).
    func crash() async throws {
        guard try await Self.script(["crash", folder]).status == 0 else { throw TestSetupError("pg_ctl stop -m immediate failed") }
    }

    /// Promotes this standby to primary.
    func promote() async throws {
        guard try await Self.script(["promote", folder]).status == 0 else { throw TestSetupError("pg_ctl promote failed") }
    }

    func restartImmediately() async throws {
        guard try await Self.script(["restart", folder]).status == 0 else { throw TestSetupError("pg_ctl restart failed") }
    }

    func stop() async {
        _ = try? await Self.script(["stop", folder])
    }

    /// Runs the script; its output goes to a file (the server it starts keeps a pipe
    /// open forever), and the exit is polled (waitUntilExit can hang in tests).
    /// A start that printed no port: whatever it did start is stopped, and the error
    /// carries what the script said on standard error (which the parse of its output
    /// leaves out).
    private static func notStarted(_ run: ScriptRun, folder: String) async -> TestSetupError {
        _ = try? await script(["stop", folder])
        return TestSetupError("the private PostgreSQL did not start (exit \(run.status)): \(run.output) \(run.errors)")
    }

    /// How a run of private-postgres.sh ended: its exit status, its standard output
    /// (with its standard error when the caller kept it there), and its standard error.
    typealias ScriptRun = (status: Int32, output: String, errors: String)

    private static func script(_ arguments: [String], keepErrors: Bool = false) async throws -> ScriptRun {
        let files = ["out", "err"].map { FileManager.default.temporaryDirectory.appendingPathComponent("attest-pg-\($0)-\(UUID().uuidString)") }
        for file in files { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        defer { for file in files { try? FileManager.default.removeItem(at: file) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.repository() + "/deploy/testing/private-postgres.sh")
        process.arguments = arguments
        process.environment = AttestProcess.environment(["ATTEST_TEST_ROLE_PASSWORD": try TestEnvironment.rolePassword()])
        let output = try FileHandle(forWritingTo: files[0])
        process.standardOutput = output
        process.standardError = keepErrors ? output : try FileHandle(forWritingTo: files[1])
        try process.run()
        let status = try await ChildProcess.reap(process)
        let text = files.map { ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        return (status, text[0], text[1])
    }

}
