import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing
@testable import Daemon

/// How a pass turns due reminders into deliveries (issue 19, item 1): a reminder due when
/// it is planned goes straight into its delivery, a stage reminded already makes no
/// delivery when it is planned again, and a delivery carries its reminders' outcome.
@Suite struct SchedulerQueueingTests {
    typealias Fixture = DeliveryTests.Fixture

    /// One scheduler pass as the daemon at `now`, with what it wrote to the reminders
    /// table (the transaction's own counters).
    static func pass(_ fixture: Fixture, at now: Date) async throws -> (SchedulerPassReport, inserted: Int, updated: Int) {
        try await fixture.database.withDatabase(role: "attest_daemon") { db in
            try await TenantWork(database: db).run(tenant: fixture.tenant, actor: "test") { context, connection in
                let report = try await SchedulerRepository().pass(now: now, context: context, connection: connection, logger: db.logger)
                let rows = try await connection.query("""
                    SELECT n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables WHERE relid = 'attest.reminders'::regclass
                    """, logger: db.logger).decode((Int, Int).self).reduce(into: [(Int, Int)]()) { $0.append($1) }
                return (report, rows.first?.0 ?? 0, rows.first?.1 ?? 0)
            }
        }
    }

    static func count(_ fixture: Fixture, _ query: PostgresQuery) async throws -> Int {
        try await fixture.operatorDB.client.query(query).decode(Int.self).reduce(0, +)
    }

    @Test func aReminderDueWhenPlannedIsInsertedStraightIntoItsDelivery() async throws {
        try await DeliveryTests.withFixture { fixture in
            try await DeliveryTests.addHire("E-1", start: DeliveryTests.day(-1), fixture)
            try await DeliveryTests.addHire("E-2", start: DeliveryTests.day(3), fixture)
            let (report, inserted, updated) = try await Self.pass(fixture, at: Date().addingTimeInterval(1))
            #expect(report.remindersCreated > 0 && report.deliveriesCreated > 0)
            #expect(inserted == report.remindersCreated)
            #expect(updated == 0, "the pass rewrote \(updated) reminders it had just inserted")
            // Every due reminder is in a delivery of its recipient; the later ones wait.
            #expect(try await Self.count(fixture, """
                SELECT count(*) FROM attest.reminders AS r LEFT JOIN attest.deliveries AS d ON d.tenant_id = r.tenant_id AND d.id = r.delivery_id
                WHERE r.state = 'queued' AND (d.id IS NULL OR d.recipient <> r.recipient)
                """) == 0)
            #expect(try await Self.count(fixture, "SELECT count(*) FROM attest.reminders WHERE state = 'queued'") > 0)
            #expect(try await Self.count(fixture, "SELECT count(*) FROM attest.reminders WHERE state = 'pending' AND send_at <= now()") == 0)
            #expect(try await Self.count(fixture, "SELECT count(*) FROM attest.reminders WHERE state = 'pending'") > 0)
        }
    }

    @Test func aReminderWaitingFromAnEarlierPassJoinsTheNewOnesInOneDigest() async throws {
        try await DeliveryTests.withFixture { fixture in
            try await DeliveryTests.addHire("E-1", start: DeliveryTests.day(1), fixture)
            // The look-ahead plans E-1's next stage ahead: it waits, pending.
            _ = try await Self.pass(fixture, at: Date().addingTimeInterval(1))
            let next = try await fixture.operatorDB.client.query("""
                SELECT min(send_at) FROM attest.reminders WHERE state = 'pending' AND recipient = 'jane@acme.example'
                """).decode(Date?.self).reduce(into: [Date?]()) { $0.append($1) }
            let waiting = try #require(next.compactMap { $0 }.first)
            let due = waiting.addingTimeInterval(1)
            // When it falls due, a new hire's first reminders are planned due at once.
            try await DeliveryTests.addHire("E-2", start: DeliveryTests.day(-1), fixture)
            let (report, _, _) = try await Self.pass(fixture, at: due)
            #expect(report.deliveriesCreated >= 1)
            let digests = try await Self.count(fixture, """
                SELECT count(*) FROM attest.deliveries AS d
                WHERE d.recipient = 'jane@acme.example'
                  AND (SELECT count(DISTINCT o.subject_id) FROM attest.reminders AS r
                       JOIN attest.obligations AS o ON o.tenant_id = r.tenant_id AND o.id = r.obligation_id
                       WHERE r.tenant_id = d.tenant_id AND r.delivery_id = d.id) = 2
                """)
            #expect(digests == 1, "the waiting reminder and the new ones are not in one digest")
            #expect(try await Self.count(fixture, "SELECT count(*) FROM attest.reminders WHERE state = 'pending' AND send_at < \(due)") == 0)
        }
    }

    @Test func aStageRemindedAlreadyMakesNoDeliveryWhenPlannedAgain() async throws {
        try await DeliveryTests.withFixture { fixture in
            try await DeliveryTests.addHire("E-1", start: DeliveryTests.day(-1), fixture)
            let now = Date().addingTimeInterval(1)
            try await DeliveryTests.runCycles(fixture, at: now)
            let sent = try DeliveryTests.messages(fixture).count
            try #require(sent > 0)
            // A new contact plans every obligation again from scratch: its latest due stage
            // again, for everyone. Only the new contact has not been reminded of it.
            _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
                try await TenantRepository.addContact(TenantContact(name: "Kim", email: "kim@acme.example", role: .compliance),
                                                      context: context, connection: connection, logger: fixture.operatorDB.logger)
            }
            try await DeliveryTests.runCycles(fixture, at: now, cycles: 2)
            let mail = try DeliveryTests.messages(fixture)
            #expect(mail.count == sent + 1)
            #expect(mail.last?.contains("To: kim@acme.example") == true)
            #expect(try await Self.count(fixture, """
                SELECT count(*) FROM attest.deliveries AS d
                WHERE NOT EXISTS (SELECT 1 FROM attest.reminders AS r WHERE r.tenant_id = d.tenant_id AND r.delivery_id = d.id)
                """) == 0, "a delivery was made with no reminder")
            #expect(try await Self.count(fixture, "SELECT count(*) FROM attest.deliveries WHERE state <> 'sent'") == 0)
            #expect(try await Self.count(fixture, "SELECT count(*) FROM attest.reminder_states WHERE state = 'sent'")
                    == Self.count(fixture, "SELECT count(*) FROM attest.reminders WHERE state = 'queued'"))
        }
    }
}
