import Compliance
import Daemon
import Foundation
import Storage
import TestSupport
import Testing

/// Public traffic has its own small database budget (issue 15, item 4): it is shed
/// with 503 when it overflows, and a flood of the tip form, unknown slugs and bogus API
/// tokens does not hold up a tenant's due deliveries.
@Suite struct PublicLoadTests {
    @Test func theGateAdmitsItsPermitsQueuesAFewAndShedsTheRest() async throws {
        let gate = PublicGate(permits: 1, queue: 1, wait: .seconds(60))
        let (holder, release) = try await Self.hold(gate)
        let queued = Task { try await gate.run { "admitted" } }
        while await gate.waiting == 0 { await Task.yield() }
        await #expect(throws: PublicGate.Busy.self, "a third request was not shed while one held the permit and one waited") {
            try await gate.run { "should not run" }
        }
        release.yield()
        try await holder.value
        #expect(try await queued.value == "admitted")
        #expect(try await gate.run { "free again" } == "free again")

        let impatient = PublicGate(permits: 1, queue: 4, wait: .milliseconds(100))
        let (blocker, unblock) = try await Self.hold(impatient)
        await #expect(throws: PublicGate.Busy.self, "a waiter was admitted while the permit was held") {
            try await impatient.run { }
        }
        unblock.yield()
        try await blocker.value
    }

    /// A task holding one of `gate`'s permits (returned once it holds it) until the
    /// continuation yields.
    static func hold(_ gate: PublicGate) async throws -> (Task<Void, any Error>, AsyncStream<Void>.Continuation) {
        let (held, release) = AsyncStream<Void>.makeStream()
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let task = Task { try await gate.run { enter.yield(); for await _ in held { break } } }
        for await _ in entered { break }
        return (task, release)
    }

    @Test func aFloodOfPublicRequestsIsShedAndDeliveriesStillGoOut() async throws {
        try await TestDatabase.withFresh { database in
            let deliveries = 200
            try await Self.seed(database, contacts: deliveries)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-flood-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try await database.withDatabase(role: "attest_operator") { db in
                try await TestTipKeys(directory: TipKeyDirectory(path: folder.appendingPathComponent("keys").path)).make(for: "acme", database: db)
            }
            let maildir = folder.appendingPathComponent("mail")
            let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: [
                "ATTEST_DATABASE_URL": database.url(role: "attest_daemon").withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
                "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "attest@agency.example", "ATTEST_LOG_FORMAT": "json",
                "ATTEST_DATABASE_POOL_SIZE": "4", "ATTEST_PUBLIC_CONCURRENCY": "1",
            ])
            defer { daemon.signal(SIGTERM) }
            let address = try await daemon.listeningAddress()
            let started = ContinuousClock.now
            async let flood = Self.flood(address, seconds: 20)
            var sent = 0
            while sent < deliveries && ContinuousClock.now < started + .seconds(60) {
                try await Task.sleep(for: .milliseconds(200))
                sent = CrashRecoveryTests.count(maildir)
            }
            let took = ContinuousClock.now - started
            let counts = try await flood
            #expect(sent == deliveries, "\(sent) of \(deliveries) due deliveries went out during the flood (\(took)); flood: \(counts)")
            print("PublicLoadTests: \(sent) deliveries in \(took) under a flood of \(counts)")
            let statuses = ["form", "unknown_slug", "bogus_token"].flatMap { (counts[$0] as? [String: Int] ?? [:]).map { ($0.key, $0.value) } }
            #expect(statuses.allSatisfy { ["200", "401", "404", "429", "503"].contains($0.0) }, "unexpected answers: \(counts)")
            #expect(statuses.filter { $0.0 == "503" }.map(\.1).reduce(0, +) > 0, "nothing was shed: \(counts)")
            #expect(counts["errors"] as? Int == 0, "connections failed: \(counts)")
        }
    }

    /// A tenant whose daemon has `contacts` digests due now (one hire starting today).
    static func seed(_ database: TestDatabase, contacts: Int) async throws {
        let people = (1...contacts).map { TenantContact(name: "R\($0)", email: "r\($0)@acme.example", role: .compliance) }
        try await database.withDatabase(role: "attest_operator") { db in
            _ = try await TenantRepository(database: db).add(try TenantDraft(
                slug: "acme", legalName: "Acme", timeZone: "America/Chicago", contacts: people, daemonRoles: ["attest_daemon"]))
            _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                try await HireRepository().save([HireRecord(externalID: "E-1", startDate: context.rules.sendTime().civilDate(of: Date()))],
                                                 context: context, connection: connection, logger: db.logger)
            }
        }
    }

    /// Runs deploy/testing/load/flood.py against `address` and returns its counts.
    static func flood(_ address: String, seconds: Int) async throws -> [String: Any] {
        let (_, text) = try await ChildProcess.run("/usr/bin/python3", [
            try TestEnvironment.repository() + "/deploy/testing/load/flood.py", address, "acme",
            "--seconds", "\(seconds)", "--concurrency", "32", "--max-requests", "40000",
        ], keepStandardError: false)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "flood.py printed: \(text)")
    }
}
