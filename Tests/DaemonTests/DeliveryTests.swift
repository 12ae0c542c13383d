import Compliance
import Foundation
import Logging
import Mailer
import PostgresNIO
import Storage
import TestSupport
import Testing
@testable import Daemon

/// The scheduler and dispatcher against a real database, delivering to a maildir.
@Suite struct DeliveryTests {
    struct Fixture {
        let database: TestDatabase
        let operatorDB: Database
        let tenant: Tenant
        let maildir: URL
    }

    /// Tenant `acme` (Chicago, send hour 8) with a compliance and an operator contact,
    /// and a maildir for its mail.
    static func withFixture(_ body: (Fixture) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                let tenant = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "acme", legalName: "Acme Foods LLC", timeZone: "America/Chicago", imageAgreementDate: "2024-12-05",
                    sendHour: 8, contacts: [
                        TenantContact(name: "Jane", email: "jane@acme.example", role: .compliance),
                        TenantContact(name: "Olive", email: "olive@agency.example", role: .operatorContact),
                    ], daemonRoles: ["attest_daemon"]))
                let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-maildir-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: maildir) }
                try await body(Fixture(database: database, operatorDB: db, tenant: tenant, maildir: maildir))
            }
        }
    }

    static func addHire(_ id: String, start: CivilDate, _ fixture: Fixture) async throws {
        _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
            try await HireRepository().save([HireRecord(externalID: id, startDate: start)],
                                             context: context, connection: connection, logger: fixture.operatorDB.logger)
        }
    }

    /// Runs `cycles` passes of a tenant service as the daemon role, at `instant`, sending
    /// to the fixture's maildir or through `smtpURL`.
    @discardableResult
    static func runCycles(_ fixture: Fixture, at instant: Date, cycles: Int = 1, owner: String = "test", smtpURL: String? = nil,
                          afterFailure: Bool = false, dispatchers: Int = 1) async throws -> TimeInterval {
        try await fixture.database.withDatabase(role: "attest_daemon") { db in
            let transport = try MailTransportFactory.make(url: smtpURL ?? "maildir:\(fixture.maildir.path)", logger: TestDatabase.logger)
            let mail = MailSetup(transport: transport, composer: DeliveryComposer(
                templates: try TemplateSet.shipped(), sender: try MailAddress("attest@agency.example", name: "Attest")))
            let service = TenantService(tenant: fixture.tenant, database: db, mail: mail, wake: WakeSignal(), owner: owner,
                                        dispatchers: dispatchers, clock: { instant }, logger: TestDatabase.logger)
            var pause: TimeInterval = 0
            for _ in 0..<cycles { pause = try await service.cycle(afterFailure: afterFailure) }
            return pause
        }
    }

    static func messages(_ fixture: Fixture) throws -> [String] {
        let folder = fixture.maildir.appendingPathComponent("new")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.sorted().map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    static let sendTime = try! LocalSendTime(timeZone: "America/Chicago", hour: 8)

    /// Today in Chicago, moved by `days`.
    static func day(_ days: Int) -> CivilDate { sendTime.civilDate(of: Date()).adding(days: days) }

    /// 30 seconds after the send hour of `date` in Chicago.
    static func sendInstant(_ date: CivilDate) -> Date { sendTime.instant(on: date).addingTimeInterval(30) }

    @Test func dueRemindersArriveAsOneDigestOnceWithAStableMessageID() async throws {
        try await Self.withFixture { fixture in
            try await Self.addHire("E-1", start: Self.day(-1), fixture)
            try await Self.addHire("E-2", start: Self.day(-1), fixture)
            // Just after creation: the "created" reminders of both hires are due.
            try await Self.runCycles(fixture, at: Date().addingTimeInterval(1), cycles: 2)
            let mail = try Self.messages(fixture)
            #expect(mail.count == 1, "one digest for the one recipient, once")
            let message = try #require(mail.first)
            #expect(message.contains("To: jane@acme.example"))
            #expect(message.contains("employee E-1"))
            #expect(message.contains("employee E-2"))
            #expect(message.contains("Auto-Submitted: auto-generated"))
            let key = try await fixture.operatorDB.client.query("SELECT key FROM attest.deliveries WHERE state = 'sent'")
                .decode(String.self).reduce(into: [String]()) { $0.append($1) }
            #expect(key.count == 1)
            #expect(message.contains("Message-ID: \(DeliveryKey.messageID(key: key[0]))"))
        }
    }

    @Test func completingAnObligationStopsItsReminders() async throws {
        try await Self.withFixture { fixture in
            let start = Self.day(0)
            try await Self.addHire("E-1", start: start, fixture)
            let due = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, _ in
                try context.rules.section2DueDate(HireRecord(externalID: "E-1", startDate: start).complianceHire)
            }
            // The day before the due date: the due-day reminders exist (look-ahead) but are not yet due.
            try await Self.runCycles(fixture, at: Self.sendInstant(due.adding(days: -1)))
            let before = try Self.messages(fixture).count
            _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
                try await HireRepository().update("E-1", context: context, connection: connection, logger: fixture.operatorDB.logger) {
                    $0.i9.section1CompletedOn = start
                    $0.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026X1", createdOn: start)
                }
            }
            try await Self.runCycles(fixture, at: Self.sendInstant(due))
            let mail = try Self.messages(fixture)
            #expect(mail.count == before + 1)
            let last = try #require(mail.last)
            #expect(!last.contains("E-Verify case creat"), "a completed obligation was still reminded")
            #expect(last.contains("Section 2"))
            let cancelled = try await fixture.operatorDB.client.query("""
                SELECT count(*) FROM attest.reminders AS r JOIN attest.obligations AS o ON o.id = r.obligation_id
                WHERE o.kind = 'everify_case_creation' AND r.state = 'cancelled'
                """).decode(Int.self).reduce(0) { $0 + $1 }
            #expect(cancelled > 0)
        }
    }

    @Test func twoReplicasNeverSendTheSameDeliveryTwice() async throws {
        try await Self.withFixture { fixture in
            // Routed to people (issue 16): five preparers, each assigned some hires, and an E-Verify user.
            _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
                try await PeopleRepository().save((1...5).map { PersonRecord(externalID: "P-\($0)", name: "P\($0)", email: "p\($0)@acme.example", roles: [.i9Preparer]) }
                                                  + [PersonRecord(externalID: "V-1", name: "V", email: "v@acme.example", roles: [.eVerifyUser])],
                                                  context: context, connection: connection, logger: fixture.operatorDB.logger)
            }
            for n in 1...30 {
                var hire = HireRecord(externalID: "E-\(n)", startDate: Self.day(-(n % 12)))
                hire.preparerID = "P-\(n % 5 + 1)"
                _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
                    try await HireRepository().save([hire], context: context, connection: connection, logger: fixture.operatorDB.logger)
                }
            }
            let now = Date().addingTimeInterval(1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.runCycles(fixture, at: now, cycles: 3, owner: "replica-a", dispatchers: 3) }
                group.addTask { try await Self.runCycles(fixture, at: now, cycles: 3, owner: "replica-b", dispatchers: 2) }
                try await group.waitForAll()
            }
            let mail = try Self.messages(fixture)
            let ids = mail.compactMap { $0.components(separatedBy: .newlines).first { $0.hasPrefix("Message-ID:") } }
            #expect(!ids.isEmpty)
            #expect(Set(ids).count == ids.count, "a Message-ID was sent twice")
            let sent = try await fixture.operatorDB.client.query("SELECT count(*) FROM attest.deliveries WHERE state = 'sent'")
                .decode(Int.self).reduce(0) { $0 + $1 }
            #expect(sent == mail.count)
            let addressees = Set(mail.compactMap { $0.components(separatedBy: .newlines).first { $0.hasPrefix("To: ") } })
            #expect(addressees.isSuperset(of: (1...5).map { "To: p\($0)@acme.example" } + ["To: v@acme.example"]), "\(addressees)")
        }
    }

    /// A claim takes at most its limit, whatever the planner does: 5,000 due
    /// deliveries queued in one statement, with no statistics gathered, then one claim.
    @Test func aClaimNeverTakesMoreThanItsLimit() async throws {
        try await Self.withFixture { fixture in
            let now = Date()
            try await fixture.operatorDB.withTenant(fixture.tenant.id) { connection in
                try await connection.query("""
                    INSERT INTO attest.deliveries (tenant_id, key, recipient, message_id, next_attempt_at)
                    SELECT \(fixture.tenant.id), 'k' || i, 'r' || i || '@acme.example', '<k' || i || '@attest.invalid>',
                           \(now) - make_interval(secs => i)
                    FROM generate_series(1, 5000) AS i
                    """, logger: fixture.operatorDB.logger)
            }
            let claimed = try await fixture.database.withDatabase(role: "attest_daemon") { db in
                try await db.withTenant(fixture.tenant.id) { connection in
                    try await DeliveryQueue().claim(limit: 10, lease: 300, owner: "one", now: now, tenant: fixture.tenant.id,
                                                    connection: connection, logger: db.logger)
                }
            }
            #expect(claimed.count == 10)
            #expect(Set(claimed.map(\.key)) == Set((4_991...5_000).map { "k\($0)" }), "the oldest due first")
            let sending = try await fixture.operatorDB.withTenant(fixture.tenant.id) { connection in
                try await connection.query("SELECT count(*) FROM attest.deliveries WHERE state = 'sending'", logger: fixture.operatorDB.logger)
                    .decode(Int.self).reduce(0, +)
            }
            #expect(sending == 10)
        }
    }

    /// One statement records a batch: each outcome moves its delivery to the right
    /// state, a second unknown outcome gives up as `unknown`, and an attempt that lost
    /// its lease changes nothing.
    @Test func aBatchOfOutcomesIsRecordedWithItsFencingTokens() async throws {
        try await Self.withFixture { fixture in
            let now = Date()
            let db = fixture.operatorDB
            let tenant = fixture.tenant.id
            func claim(_ limit: Int) async throws -> [ClaimedDelivery] {
                try await db.withTenant(tenant) { connection in
                    try await DeliveryQueue().claim(limit: limit, lease: 300, owner: "t", now: now, tenant: tenant, connection: connection, logger: db.logger)
                }
            }
            func finish(_ outcomes: [(ClaimedDelivery, DeliveryResult)]) async throws -> Set<UUID> {
                try await db.withTenant(tenant) { connection in
                    try await DeliveryQueue().finish(outcomes, now: now, tenant: tenant, connection: connection, logger: db.logger)
                }
            }
            func states() async throws -> [String: String] {
                try await db.withTenant(tenant) { connection in
                    var states: [String: String] = [:]
                    let rows = try await connection.query("SELECT key, state FROM attest.deliveries", logger: db.logger)
                    for try await (key, state) in rows.decode((String, String).self) { states[key] = state }
                    return states
                }
            }
            try await db.withTenant(tenant) { connection in
                try await connection.query("""
                    INSERT INTO attest.deliveries (tenant_id, key, recipient, message_id, next_attempt_at)
                    SELECT \(tenant), 'k' || i, 'r@acme.example', '<k' || i || '@attest.invalid>', \(now) - make_interval(secs => 10 - i)
                    FROM generate_series(1, 5) AS i
                    """, logger: db.logger)
            }
            let first = try await claim(5).sorted { $0.key < $1.key }
            // k5 was rescued and claimed again by another daemon meanwhile: this claim is stale.
            try await db.withTenant(tenant) { connection in
                try await connection.query("UPDATE attest.deliveries SET attempt = attempt + 1 WHERE key = 'k5'", logger: db.logger)
            }
            let stale = first[4]
            let kept = try await finish([
                (first[0], .sent(code: 250, reply: "250 ok")), (first[1], .permanent(code: 550, reply: "550 no")),
                (first[2], .unknown(reply: "lost after the dot", retryAfter: -20)), (first[3], .cancelled),
                (stale, .sent(code: 250, reply: "late")),
            ])
            #expect(kept == Set(first[0...3].map(\.id)))
            #expect(try await states() == ["k1": "sent", "k2": "failed", "k3": "pending", "k4": "cancelled", "k5": "sending"])
            // The unknown one is resent once (same Message-ID); a second unknown gives up.
            let again = try await claim(5)
            #expect(again.map(\.key) == ["k3"])
            _ = try await finish([(again[0], .unknown(reply: "lost again", retryAfter: 60))])
            #expect(try await states()["k3"] == "unknown")
        }
    }

    /// A pass plans only obligations with something new: none on a second pass, the
    /// tenant's obligations again when a contact is added (who gets their reminders).
    @Test func aPassPlansOnlyWhatChanged() async throws {
        try await Self.withFixture { fixture in
            try await Self.addHire("E-1", start: Self.day(0), fixture)
            let now = Self.sendInstant(Self.day(0))
            func pass() async throws -> SchedulerPassReport {
                try await fixture.database.withDatabase(role: "attest_daemon") { db in
                    try await TenantWork(database: db).run(tenant: fixture.tenant, actor: "test") { context, connection in
                        try await SchedulerRepository().pass(now: now, context: context, connection: connection, logger: db.logger)
                    }
                }
            }
            let first = try await pass()
            #expect(first.obligationsPlanned == first.openObligations && first.openObligations > 0)
            #expect(first.remindersCreated > 0)
            let second = try await pass()
            #expect(second.obligationsPlanned == 0 && second.remindersCreated == 0)
            try await fixture.operatorDB.withTenant(fixture.tenant.id) { connection in
                try await connection.query("""
                    INSERT INTO attest.tenant_contacts (tenant_id, name, email, role) VALUES (\(fixture.tenant.id), 'Kim', 'kim@acme.example', 'compliance')
                    """, logger: fixture.operatorDB.logger)
            }
            let third = try await pass()
            #expect(third.obligationsPlanned == first.openObligations)
            let forKim = try await fixture.operatorDB.withTenant(fixture.tenant.id) { connection in
                try await connection.query("SELECT count(*) FROM attest.reminders WHERE recipient = 'kim@acme.example'", logger: fixture.operatorDB.logger)
                    .decode(Int.self).reduce(0, +)
            }
            #expect(forKim > 0 && third.remindersCreated == forKim)
        }
    }

    /// A pass that plans reminders writes only the planning table, so it does not
    /// notify the tenant's wake channel (that woke the tenant, and every replica,
    /// for one more, empty pass); a new obligation and a reset of the planning (a contact
    /// added) still do, once each. The sentinel ends the wait without a timeout.
    @Test func aPlanningPassDoesNotWakeItsOwnTenant() async throws {
        try await Self.withFixture { fixture in
            try await Self.addHire("E-1", start: Self.day(0), fixture)
            let payloads = try await fixture.database.withDatabase(role: "attest_daemon") { db in
                try await db.client.withConnection { listener in
                    let channel = try #require(try await TenantRepository.wakeChannels(of: [fixture.tenant.id], connection: listener, logger: db.logger)
                        .values.first)
                    return try await listener.listen(on: channel) { notifications in
                        let pass = try await TenantWork(database: db).run(tenant: fixture.tenant, actor: "test") { context, connection in
                            try await SchedulerRepository().pass(now: Self.sendInstant(Self.day(0)), context: context,
                                                                 connection: connection, logger: db.logger)
                        }
                        #expect(pass.obligationsPlanned > 0 && pass.remindersCreated > 0)
                        try await Self.addHire("E-2", start: Self.day(0), fixture)
                        try await fixture.operatorDB.withTenant(fixture.tenant.id) { connection in
                            try await connection.query("""
                                INSERT INTO attest.tenant_contacts (tenant_id, name, email, role) VALUES (\(fixture.tenant.id), 'Kim', 'kim@acme.example', 'compliance')
                                """, logger: fixture.operatorDB.logger)
                        }
                        try await fixture.operatorDB.client.query("SELECT pg_notify(\(channel), 'end')")
                        var payloads: [String] = []
                        for try await notification in notifications {
                            if notification.payload == "end" { break }
                            payloads.append(notification.payload)
                        }
                        return payloads
                    }
                }
            }
            #expect(payloads == ["", ""], "expected the new hire's and the contact's notifications only, without payload")
        }
    }

    /// Every open obligation has one planning row: made unplanned when it opens, reset
    /// when its due date moves, removed when it closes.
    @Test func thePlanningRowsFollowTheObligations() async throws {
        try await Self.withFixture { fixture in
            func state() async throws -> (open: Int, unplanned: Int, strays: Int) {
                try await fixture.operatorDB.withTenant(fixture.tenant.id) { connection in
                    let rows = try await connection.query("""
                        SELECT (SELECT count(*) FROM attest.obligations WHERE state = 'open'),
                               (SELECT count(*) FROM attest.reminder_planning WHERE next_at IS NULL),
                               (SELECT count(*) FROM attest.reminder_planning AS p
                                LEFT JOIN attest.obligations AS o ON o.tenant_id = p.tenant_id AND o.id = p.obligation_id AND o.state = 'open'
                                WHERE o.id IS NULL)
                             + (SELECT count(*) FROM attest.obligations AS o WHERE o.state = 'open' AND NOT EXISTS (
                                SELECT 1 FROM attest.reminder_planning AS p WHERE p.tenant_id = o.tenant_id AND p.obligation_id = o.id))
                        """, logger: fixture.operatorDB.logger)
                    for try await row in rows.decode((Int, Int, Int).self) { return row }
                    return (0, 0, 0)
                }
            }
            func update(_ change: @escaping @Sendable (inout HireRecord) -> Void) async throws {
                _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
                    try await HireRepository().update("E-1", context: context, connection: connection, logger: fixture.operatorDB.logger, change)
                }
            }
            try await Self.addHire("E-1", start: Self.day(0), fixture)
            let opened = try await state()
            #expect(opened.open > 0 && opened.unplanned == opened.open && opened.strays == 0)
            try await Self.runCycles(fixture, at: Self.sendInstant(Self.day(0)))
            #expect(try await state().unplanned == 0)
            try await update { $0.startDate = Self.day(3) }
            let moved = try await state()
            #expect(moved.unplanned > 0 && moved.strays == 0)
            try await update {
                $0.i9.section1CompletedOn = Self.day(3)
                $0.eVerifyCase = EVerifyCaseRecord(caseNumber: "2026X1", createdOn: Self.day(3))
            }
            let closed = try await state()
            #expect(closed.open < opened.open && closed.strays == 0)
        }
    }

    @Test func anExpiredLeaseIsRescuedAndTheOldClaimCannotFinish() async throws {
        try await Self.withFixture { fixture in
            try await Self.addHire("E-1", start: Self.day(-1), fixture)
            let now = Date().addingTimeInterval(1)
            // A daemon claims the delivery and dies before sending.
            let claimed = try await fixture.database.withDatabase(role: "attest_daemon") { db in
                let work = TenantWork(database: db)
                _ = try await work.run(tenant: fixture.tenant, actor: "test") { context, connection in
                    try await SchedulerRepository().pass(now: now, context: context, connection: connection, logger: db.logger)
                }
                return try await work.run(tenant: fixture.tenant, actor: "test") { context, connection in
                    try await DeliveryQueue().claim(limit: 10, lease: 300, owner: "dead", now: now, tenant: context.tenant.id,
                                                    connection: connection, logger: db.logger)
                }
            }
            let claim = try #require(claimed.first)
            // Before the lease expires nobody else sends it; after, it is rescued and sent.
            try await Self.runCycles(fixture, at: now.addingTimeInterval(60))
            #expect(try Self.messages(fixture).isEmpty)
            try await Self.runCycles(fixture, at: now.addingTimeInterval(400))
            #expect(try Self.messages(fixture).count == 1)
            // The dead daemon's late finish is refused by the fencing token.
            let kept = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
                try await DeliveryQueue().finish(claim, result: .sent(code: 250, reply: "late"), now: now,
                                                 tenant: context.tenant.id, connection: connection, logger: fixture.operatorDB.logger)
            }
            #expect(!kept)
        }
    }

    /// The database went away around a claim's commit: the claim is made, the daemon
    /// never heard of it. The daemon sleeps no longer than the lease, and after its failed
    /// cycle it releases what its own name still holds, without waiting for the lease.
    @Test func aClaimLostWithTheDatabaseIsReleasedByItsOwnerAfterTheFailedCycle() async throws {
        try await Self.withFixture { fixture in
            try await Self.addHire("E-1", start: Self.day(-1), fixture)
            let now = Date().addingTimeInterval(1)
            try await fixture.database.withDatabase(role: "attest_daemon") { db in
                let work = TenantWork(database: db)
                _ = try await work.run(tenant: fixture.tenant, actor: "test") { context, connection in
                    try await SchedulerRepository().pass(now: now, context: context, connection: connection, logger: db.logger)
                }
                let claimed = try await work.run(tenant: fixture.tenant, actor: "test") { context, connection in
                    try await DeliveryQueue().claim(limit: 10, lease: 300, owner: "daemon-a", now: now, tenant: context.tenant.id,
                                                    connection: connection, logger: db.logger)
                }
                #expect(!claimed.isEmpty, "nothing was claimed; the test proves nothing")
            }
            let pause = try await Self.runCycles(fixture, at: now.addingTimeInterval(60), owner: "daemon-b", afterFailure: true)
            #expect(try Self.messages(fixture).isEmpty, "another daemon's claim was released")
            #expect(pause > 0 && pause <= 240, "the daemon sleeps \(pause) s, past the claim's lease end 240 s away")
            try await Self.runCycles(fixture, at: now.addingTimeInterval(60), owner: "daemon-a")
            #expect(try Self.messages(fixture).isEmpty, "a claim was released without a failed cycle")
            try await Self.runCycles(fixture, at: now.addingTimeInterval(60), owner: "daemon-a", afterFailure: true)
            #expect(try Self.messages(fixture).count == 1, "the lost claim was not sent after the owner's failed cycle")
        }
    }

    /// A claimed delivery whose lease is about to run out (a slow relay held the batch
    /// up) is released unsent, not sent while another daemon may be taking it over.
    @Test func aDeliveryIsNotStartedWhenItsLeaseIsAboutToExpire() async throws {
        try await Self.withFixture { fixture in
            try await fixture.operatorDB.client.query("""
                INSERT INTO attest.tenant_contacts (tenant_id, name, email, role)
                SELECT \(fixture.tenant.id), 'C' || i, 'c' || i || '@acme.example', 'compliance' FROM generate_series(1, 11) AS i
                """)
            try await Self.addHire("E-1", start: Self.day(-1), fixture)
            let clock = SteppedClock(Date().addingTimeInterval(1))
            try await fixture.database.withDatabase(role: "attest_daemon") { db in
                // The first message takes "longer than the lease allows" for the rest.
                let maildir = try MailTransportFactory.make(url: "maildir:\(fixture.maildir.path)", logger: TestDatabase.logger)
                let slow = ClockAdvancingTransport(transport: maildir, clock: clock, by: Dispatcher.lease - Dispatcher.leaseMargin + 1)
                let mail = MailSetup(transport: slow, composer: DeliveryComposer(
                    templates: try TemplateSet.shipped(), sender: try MailAddress("attest@agency.example", name: "Attest")))
                let service = TenantService(tenant: fixture.tenant, database: db, mail: mail, wake: WakeSignal(), owner: "test",
                                            clock: { clock.now }, logger: TestDatabase.logger)
                _ = try await service.cycle()
            }
            let sent = try Self.messages(fixture).count
            let states = try await fixture.operatorDB.client.query("""
                SELECT state, coalesce(last_reply, ''), count(*)::int FROM attest.deliveries GROUP BY 1, 2
                """).decode((String, String, Int).self).reduce(into: [String: Int]()) { $0["\($1.0) \($1.1)"] = $1.2 }
            // 12 deliveries, up to 4 started at once before the first one ended.
            #expect((1...4).contains(sent), "\(states)")
            #expect(states.values.reduce(0, +) == 12)
            #expect(states["pending released unsent: its lease was about to expire"] == 12 - sent, "\(states)")
        }
    }
}

/// A test clock that a test moves forward.
final class SteppedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// Delivers through another transport and moves a clock forward after each message, as
/// if each took that long.
struct ClockAdvancingTransport: MailTransport {
    let transport: any MailTransport
    let clock: SteppedClock
    let by: TimeInterval

    func send(_ message: MailMessage) async -> DeliveryOutcome {
        let outcome = await transport.send(message)
        clock.advance(by: by)
        return outcome
    }

    func close() async { await transport.close() }
}
