import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Tries to break tenant isolation as a tenant's daemon role would: reading,
/// writing and re-scoping itself to another tenant. Row-level security, not the
/// application's WHERE clauses, must stop every attempt.
@Suite struct TenantIsolationTests {
    /// Two tenants, each with its own daemon role, and a probe table the daemon
    /// roles may write, isolated by the same function the migrations use.
    struct Fixture {
        let database: TestDatabase
        let tenantA: Tenant
        let tenantB: Tenant
        let roleA: String
    }

    static func withFixture(_ body: (Fixture) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            let roleA = try await database.createDaemonRole(prefix: "daemon_a")
            let roleB = try await database.createDaemonRole(prefix: "daemon_b")
            let (a, b) = try await database.withDatabase(role: "attest_operator") { db in
                let tenants = TenantRepository(database: db)
                let a = try await tenants.add(try TenantDraft(
                    slug: "tenant-a", legalName: "A Corp", timeZone: "America/Chicago",
                    contacts: [TenantContact(name: "Ann", email: "ann@a.example", role: .compliance)], daemonRoles: [roleA]))
                let b = try await tenants.add(try TenantDraft(
                    slug: "tenant-b", legalName: "B Corp", timeZone: "America/New_York",
                    contacts: [TenantContact(name: "Bob", email: "bob@b.example", role: .compliance)], daemonRoles: [roleB]))
                return (a, b)
            }
            try await database.withDatabase(role: "attest_owner") { db in
                for statement in [
                    "CREATE TABLE attest.isolation_probe (tenant_id uuid NOT NULL REFERENCES attest.tenants (id), id int NOT NULL, note text, PRIMARY KEY (tenant_id, id))",
                    "SELECT attest.isolate_tenant_table('attest.isolation_probe')",
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON attest.isolation_probe TO attest_app, attest_operator",
                ] {
                    try await db.client.query(PostgresQuery(unsafeSQL: statement))
                }
            }
            try await database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("INSERT INTO attest.isolation_probe VALUES (\(b.id), 1, 'b secret')")
            }
            try await body(Fixture(database: database, tenantA: a, tenantB: b, roleA: roleA))
        }
    }

    @Test func aDaemonRoleReadsOnlyItsOwnTenantsRows() async throws {
        try await Self.withFixture { fixture in
            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                let emails = try await db.withTenant(fixture.tenantA.id) { connection in
                    try await connection.query("SELECT email FROM attest.tenant_contacts", logger: db.logger)
                        .decode(String.self).reduce(into: [String]()) { $0.append($1) }
                }
                #expect(emails == ["ann@a.example"])
                let probes = try await db.withTenant(fixture.tenantA.id) { connection in
                    try await count(connection, "SELECT count(*) FROM attest.isolation_probe WHERE tenant_id = \(fixture.tenantB.id)")
                }
                #expect(probes == 0)
                let visibleTenants = try await TenantRepository(database: db).list().map(\.slug)
                #expect(visibleTenants == ["tenant-a"])
            }
        }
    }

    @Test func settingTheOtherTenantsIdShowsNothing() async throws {
        try await Self.withFixture { fixture in
            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                // Through the normal path, scoped to B:
                let scopedToB = try await db.withTenant(fixture.tenantB.id) { connection in
                    try await count(connection, "SELECT count(*) FROM attest.tenant_contacts")
                        + count(connection, "SELECT count(*) FROM attest.isolation_probe")
                }
                #expect(scopedToB == 0)
                // By hand, at session level, and with garbage:
                try await db.client.withConnection { connection in
                    for value in [fixture.tenantB.id.uuidString.lowercased(), fixture.tenantB.id.uuidString, "not-a-uuid", ""] {
                        try await connection.query("SELECT set_config('attest.tenant_id', \(value), false)", logger: db.logger)
                        let seen = try await count(connection, "SELECT count(*) FROM attest.isolation_probe")
                            + count(connection, "SELECT count(*) FROM attest.tenant_contacts")
                        #expect(seen == 0, "setting attest.tenant_id to \(value) revealed rows")
                    }
                }
            }
        }
    }

    /// The policies find the tenant through tenant_access's primary key (migration 031).
    /// Comparing the setting as text read the role's grants until it met the tenant's:
    /// 10 ms a statement at 10,000 tenants. With 21 tenants granted to the role, finding
    /// any one of them reads one grant.
    @Test func thePoliciesFindTheTenantByReadingOneGrant() async throws {
        try await Self.withFixture { fixture in
            var tenants = [fixture.tenantA.id]
            try await fixture.database.withDatabase(role: "attest_operator") { db in
                for n in 1...20 {
                    tenants.append(try await TenantRepository(database: db).add(try TenantDraft(
                        slug: "more-\(n)", legalName: "More \(n)", timeZone: "America/Chicago",
                        contacts: [TenantContact(name: "M", email: "m\(n)@more.example", role: .compliance)], daemonRoles: [fixture.roleA])).id)
                }
            }
            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                for id in tenants {
                    let (found, read) = try await db.withTenant(id) { connection in
                        try await connection.query("SET LOCAL enable_seqscan = off", logger: db.logger)
                        // The backend's counters not yet reported (they may include earlier transactions').
                        let before = try await Self.grantsRead(connection, logger: db.logger)
                        let found = try await connection.query("SELECT attest.current_tenant_id()", logger: db.logger)
                            .decode(UUID?.self).reduce(into: [UUID?]()) { $0.append($1) }
                        return (found, try await Self.grantsRead(connection, logger: db.logger) - before)
                    }
                    #expect(found == [id])
                    #expect(read == 1, "finding a tenant read \(read) grants")
                }
            }
        }
    }

    /// Migration 032: a statement over many rows finds its tenant once, not once per row
    /// read or written (the dispatcher's updates spent a fifth of the database's CPU on
    /// it), on the migrations' tables and on a table isolated since.
    @Test func aStatementFindsItsTenantOnceWhateverItsRows() async throws {
        try await Self.withFixture { fixture in
            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                let reads = try await db.withTenant(fixture.tenantA.id) { connection in
                    var reads: [Int] = []
                    for statement: PostgresQuery in [
                        "INSERT INTO attest.isolation_probe SELECT \(fixture.tenantA.id), i, 'a' FROM generate_series(1, 50) AS i",
                        "UPDATE attest.isolation_probe SET note = 'changed'",
                        "SELECT count(*) FROM attest.isolation_probe WHERE note = 'changed'",
                        "SELECT count(*) FROM attest.tenant_contacts WHERE email LIKE '%@%'",
                    ] {
                        let before = try await Self.grantsRead(connection, logger: db.logger)
                        try await connection.query(statement, logger: db.logger)
                        reads.append(try await Self.grantsRead(connection, logger: db.logger) - before)
                    }
                    return reads
                }
                #expect(reads.allSatisfy { $0 <= 2 }, "grants read per statement: \(reads)")
            }
            let direct = try await fixture.database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("""
                    SELECT count(*) FROM pg_catalog.pg_policies
                    WHERE schemaname = 'attest' AND policyname = 'tenant_scope'
                      AND (qual LIKE '%= attest.current_tenant_id()%' OR with_check LIKE '%= attest.current_tenant_id()%')
                    """).decode(Int.self).reduce(0) { $0 + $1 }
            }
            #expect(direct == 0, "\(direct) tenant policies call the tenant lookup once per row")
        }
    }

    static func grantsRead(_ connection: PostgresConnection, logger: Logger) async throws -> Int {
        try await connection.query("""
            SELECT seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM pg_stat_xact_user_tables
            WHERE relid = 'attest.tenant_access'::regclass
            """, logger: logger).decode(Int.self).reduce(0) { $0 + $1 }
    }

    @Test func writesWithTheOtherTenantsIdFail() async throws {
        try await Self.withFixture { fixture in
            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                // Its own tenant: allowed.
                try await db.withTenant(fixture.tenantA.id) { connection in
                    _ = try await connection.query("INSERT INTO attest.isolation_probe VALUES (\(fixture.tenantA.id), 1, 'a')", logger: db.logger)
                }
                // Another tenant's id, scoped to A or to B: refused by the policy.
                for scope in [fixture.tenantA.id, fixture.tenantB.id] {
                    await #expect(throws: PSQLError.self) {
                        try await db.withTenant(scope) { connection in
                            try await connection.query("INSERT INTO attest.isolation_probe VALUES (\(fixture.tenantB.id), 2, 'forged')", logger: db.logger)
                        }
                    }
                }
                // Updates and deletes of B's rows touch nothing.
                let touched = try await db.withTenant(fixture.tenantA.id) { connection in
                    try await count(connection, "WITH u AS (UPDATE attest.isolation_probe SET note = 'x' WHERE tenant_id = \(fixture.tenantB.id) RETURNING 1) SELECT count(*) FROM u")
                        + count(connection, "WITH d AS (DELETE FROM attest.isolation_probe WHERE tenant_id = \(fixture.tenantB.id) RETURNING 1) SELECT count(*) FROM d")
                }
                #expect(touched == 0)
                // Moving its own row to B is refused too.
                await #expect(throws: PSQLError.self) {
                    try await db.withTenant(fixture.tenantA.id) { connection in
                        try await connection.query("UPDATE attest.isolation_probe SET tenant_id = \(fixture.tenantB.id)", logger: db.logger)
                    }
                }
            }
            // B's row is unchanged, as the operator sees it.
            let notes = try await fixture.database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("SELECT note FROM attest.isolation_probe WHERE tenant_id = \(fixture.tenantB.id)")
                    .decode(String.self).reduce(into: [String]()) { $0.append($1) }
            }
            #expect(notes == ["b secret"])
        }
    }

    /// The scheduler's planning rows (sql/010): tenant A's daemon can neither read,
    /// forge, move nor delete tenant B's, scoped to A or to B.
    @Test func planningRowsAreIsolated() async throws {
        try await Self.withFixture { fixture in
            // An open obligation of B, whose planning row its insert trigger makes.
            let obligation = try await fixture.database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("""
                    INSERT INTO attest.obligations (tenant_id, source_key, kind, subject_kind, subject_id, cycle, due_on)
                    VALUES (\(fixture.tenantB.id), 'probe', 'i9_section2', 'hire', 'E-1', '2026', '2026-12-31') RETURNING id
                    """).decode(UUID.self).reduce(into: [UUID]()) { $0.append($1) }.first
            }
            let obligationB = try #require(obligation)
            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                for scope in [fixture.tenantA.id, fixture.tenantB.id] {
                    let seen = try await db.withTenant(scope) { connection in
                        try await count(connection, "SELECT count(*) FROM attest.reminder_planning")
                    }
                    #expect(seen == 0)
                    // Forging a row for B: refused by the policy's check, not by a key.
                    let error = await #expect(throws: PSQLError.self) {
                        try await db.withTenant(scope) { connection in
                            try await connection.query("""
                                INSERT INTO attest.reminder_planning (tenant_id, obligation_id, planned_until, next_at)
                                VALUES (\(fixture.tenantB.id), \(UUID()), now(), 'infinity')
                                """, logger: db.logger)
                        }
                    }
                    #expect(error?.serverInfo?[.sqlState] == "42501")
                    let touched = try await db.withTenant(scope) { connection in
                        try await count(connection, "WITH u AS (UPDATE attest.reminder_planning SET next_at = 'infinity' WHERE tenant_id = \(fixture.tenantB.id) RETURNING 1) SELECT count(*) FROM u")
                            + count(connection, "WITH d AS (DELETE FROM attest.reminder_planning WHERE obligation_id = \(obligationB) RETURNING 1) SELECT count(*) FROM d")
                    }
                    #expect(touched == 0)
                }
            }
            // B's row is still there and still unplanned, as the operator sees it.
            let unplanned = try await fixture.database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("""
                    SELECT count(*) FROM attest.reminder_planning WHERE tenant_id = \(fixture.tenantB.id) AND obligation_id = \(obligationB) AND next_at IS NULL
                    """).decode(Int.self).reduce(0, +)
            }
            #expect(unplanned == 1)
        }
    }

    /// Each tenant is woken on a channel of its own whose name only its roles can read
    /// (migration 019), with no payload: tenant A's daemon learns neither B's channel
    /// nor its id from a notification, cannot wake B, and nothing is sent on the old
    /// shared channel any more.
    @Test func wakeChannelsAreSecretAndCarryNoTenantID() async throws {
        try await Self.withFixture { fixture in
            let channels = try await fixture.database.superuser { connection in
                try await TenantRepository.wakeChannels(of: [fixture.tenantA.id, fixture.tenantB.id], connection: connection, logger: TestDatabase.logger)
            }
            let channelB = try #require(channels[fixture.tenantB.id])
            #expect(channels[fixture.tenantA.id] != channelB && channelB.count == 39, "\(channels)")
            let seenByA = try await fixture.database.withDatabase(role: fixture.roleA) { db in
                try await db.client.withConnection { connection in
                    try await TenantRepository.wakeChannels(of: [fixture.tenantA.id, fixture.tenantB.id], connection: connection, logger: db.logger)
                }
            }
            #expect(Array(seenByA.keys) == [fixture.tenantA.id], "role A reads another tenant's wake channel")

            let (legacy, onB) = try await fixture.database.withDatabase(role: "attest_operator") { operators in
                try await operators.client.withConnection { listener in
                    try await listener.listen(on: "attest_changes") { legacy in
                        try await listener.listen(on: channelB) { onB in
                            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                                try await db.client.withConnection { connection in
                                    try await TenantRepository.wake([fixture.tenantA.id, fixture.tenantB.id], connection: connection, logger: db.logger)
                                }
                            }
                            try await operators.client.query("""
                                INSERT INTO attest.obligations (tenant_id, source_key, kind, subject_kind, subject_id, cycle, due_on)
                                VALUES (\(fixture.tenantB.id), 'probe', 'i9_section2', 'hire', 'E-1', '2026', '2026-12-31')
                                """)
                            try await operators.client.query("SELECT pg_notify('attest_changes', 'end'), pg_notify(\(channelB), 'end')")
                            return (try await Self.payloads(until: "end", legacy), try await Self.payloads(until: "end", onB))
                        }
                    }
                }
            }
            #expect(legacy.isEmpty, "notified on the shared channel: \(legacy)")
            #expect(onB == [""], "B's channel: \(onB) (expected one empty notification, from B's own change)")
        }
    }

    /// Tip keys (sql/027): tenant A's daemon can neither read B's public key nor its
    /// form secret, nor plant a key of its own for B (which would seal B's next tips
    /// for A), nor retire B's key, scoped to A or to B.
    @Test func tipKeysAndFormSecretsAreIsolated() async throws {
        try await Self.withFixture { fixture in
            let keyB = try await TestTipKeys.with { keys in
                try await fixture.database.withDatabase(role: "attest_operator") { db in try await keys.make(for: "tenant-b", database: db) }
            }
            let planted = TipPrivateKey.generate().publicKey
            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                for scope in [fixture.tenantA.id, fixture.tenantB.id] {
                    let seen = try await db.withTenant(scope) { connection in
                        try await count(connection, "SELECT count(*) FROM attest.tip_keys")
                            + count(connection, "SELECT count(*) FROM attest.tenants WHERE id = \(fixture.tenantB.id) AND form_secret IS NOT NULL")
                    }
                    #expect(seen == 0, "scoped to \(scope), role A sees B's tip key or form secret")
                    await #expect(throws: PSQLError.self) {
                        try await db.withTenant(scope) { connection in
                            try await connection.query("""
                                INSERT INTO attest.tip_keys (tenant_id, key_id, public_key)
                                VALUES (\(fixture.tenantB.id), \(planted.keyID), \(planted.rawRepresentation))
                                """, logger: db.logger)
                        }
                    }
                    let retired = try await db.withTenant(scope) { connection in
                        try await count(connection, "WITH u AS (UPDATE attest.tip_keys SET retired_at = now() WHERE tenant_id = \(fixture.tenantB.id) RETURNING 1) SELECT count(*) FROM u")
                    }
                    #expect(retired == 0)
                }
            }
            let active = try await fixture.database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("SELECT key_id FROM attest.tip_keys WHERE tenant_id = \(fixture.tenantB.id) AND retired_at IS NULL")
                    .decode(String.self).reduce(into: [String]()) { $0.append($1) }
            }
            #expect(active == [keyB.keyID])
        }
    }

    static func payloads(until sentinel: String, _ notifications: PostgresNotificationSequence) async throws -> [String] {
        var payloads: [String] = []
        for try await notification in notifications {
            if notification.payload == sentinel { break }
            payloads.append(notification.payload)
        }
        return payloads
    }

    @Test func aDaemonRoleCannotMapItselfToAnotherTenant() async throws {
        try await Self.withFixture { fixture in
            try await fixture.database.withDatabase(role: fixture.roleA) { db in
                await #expect(throws: PSQLError.self) {
                    try await db.client.query("INSERT INTO attest.tenant_access (tenant_id, role_name) VALUES (\(fixture.tenantB.id), current_user)")
                }
                await #expect(throws: PSQLError.self) {
                    try await db.client.query("UPDATE attest.tenants SET disabled_at = now()")
                }
                await #expect(throws: PSQLError.self) {
                    try await db.client.query("SELECT attest.isolate_tenant_table('attest.tenants')")
                }
            }
        }
    }
}

func count(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> Int {
    for try await value in try await connection.query(query, logger: TestDatabase.logger).decode(Int.self) {
        return value
    }
    return 0
}
