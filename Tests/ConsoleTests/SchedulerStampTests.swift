import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The last scheduler pass the overview shows: a pass stamps its tenant's row at most
/// every 15 seconds, and never waits for a row another replica holds.
@Suite struct SchedulerStampTests {
    @Test func aPassStampsItsTenantAtMostEvery15SecondsWithoutWaiting() async throws {
        try await ConsoleFixture.with { fixture in
            #expect(try await Self.stamp(fixture) == nil, "a new tenant has a row and no pass yet")
            let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970).rounded(.down))
            try await Self.pass(fixture, at: start)
            #expect(try await Self.stamp(fixture) == start)
            try await Self.pass(fixture, at: start + 5)
            #expect(try await Self.stamp(fixture) == start, "a pass within 15 seconds rewrote the row")
            try await Self.pass(fixture, at: start + 20)
            #expect(try await Self.stamp(fixture) == start + 20)
            // Another replica holds the row: the pass goes on without stamping, and without waiting.
            try await fixture.operators.withTransaction { connection in
                try await connection.query("SELECT 1 FROM attest.scheduler_passes WHERE tenant_id = \(fixture.alpha.id) FOR UPDATE",
                                           logger: TestDatabase.logger)
                try await withTimeout(.seconds(10)) { try await Self.pass(fixture, at: start + 60) }
            }
            #expect(try await Self.stamp(fixture) == start + 20)
        }
    }

    private static func pass(_ fixture: ConsoleFixture, at now: Date) async throws {
        try await TenantWork(database: fixture.operators).run(tenant: fixture.alpha, actor: "test") { context, connection in
            _ = try await SchedulerRepository().pass(now: now, context: context, connection: connection, logger: TestDatabase.logger)
        }
    }

    private static func stamp(_ fixture: ConsoleFixture) async throws -> Date? {
        let rows = try await fixture.operators.client.query(
            "SELECT passed_at FROM attest.scheduler_passes WHERE tenant_id = \(fixture.alpha.id)", logger: TestDatabase.logger)
        for try await passed in rows.decode(Date?.self) { return passed }
        throw TestSetupError("alpha has no row in attest.scheduler_passes")
    }
}
