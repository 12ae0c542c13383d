import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The event trail cannot be written around (migration 020): the database sets an
/// event's time and login role and links it into its tenant's chain at commit, refuses
/// ids, times and links from the caller, and `attest events verify` finds a superuser's
/// edit, a removal and a rewrite.
@Suite struct EventChainTests {
    static let daemonRole = "attest_daemon"

    /// A tenant seeded through the Storage code (its events chained as they were written).
    static func withTenant(_ body: (TestDatabase, Tenant) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            let tenant = try await database.withDatabase(role: "attest_operator") { operators in
                try await TenantSeed.seed(slug: "acme", operators: operators, daemonRoles: [daemonRole])
            }
            try await body(database, tenant)
        }
    }

    static func verify(_ database: TestDatabase, _ tenant: Tenant, anchor: EventChainAnchor? = nil) async throws -> EventChainReport {
        try await database.withDatabase(role: "attest_operator") { operators in
            try await TenantWork(database: operators).run(tenant: tenant, actor: "test") { context, connection in
                try await EventChainRepository().verify(anchor: anchor, context: context, connection: connection, logger: TestDatabase.logger)
            }
        }
    }

    /// Appends `count` events as the daemon role, each in its own transaction.
    static func append(_ count: Int, _ database: TestDatabase, _ tenant: Tenant, label: String) async throws {
        try await database.withDatabase(role: daemonRole) { daemon in
            for index in 0..<count {
                try await TenantWork(database: daemon).run(tenant: tenant, actor: "token:\(label)") { context, connection in
                    try await EventLog.append([Event(action: "probe.\(label)", subjectKind: "probe", subjectID: "\(index)"),
                                               Event(action: "probe.\(label)", subjectKind: "probe", subjectID: "\(index)b")],
                                              context: context, connection: connection, logger: TestDatabase.logger)
                }
            }
        }
    }

    /// Superuser SQL with the append-only trigger out of the way, as an attacker with
    /// the server's keys would do it.
    static func tamper(_ database: TestDatabase, _ sql: String) async throws {
        try await database.superuser { connection in
            try await connection.query("SET session_replication_role = replica", logger: TestDatabase.logger)
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger)
            try await connection.query("SET session_replication_role = origin", logger: TestDatabase.logger)
        }
    }

    @Test func theDatabaseSetsTimeRoleAndLinkAndRefusesTheCallersOwn() async throws {
        try await Self.withTenant { database, tenant in
            try await Self.append(2, database, tenant, label: "own")
            let rows = try await database.superuser { connection in
                try await connection.query("""
                    SELECT l.chain_seq, e.actor, e.db_role, e.at > now() - interval '5 minutes' FROM attest.events AS e
                    JOIN attest.event_links AS l ON l.tenant_id = e.tenant_id AND l.event_id = e.id
                    WHERE e.tenant_id = \(tenant.id) AND e.action = 'probe.own' ORDER BY l.chain_seq
                    """, logger: TestDatabase.logger).decode((Int, String, String, Bool).self).reduce(into: []) { $0.append($1) }
            }
            #expect(rows.count == 4)
            #expect(rows.allSatisfy { $0.1 == "token:own" && $0.2 == Self.daemonRole && $0.3 }, "\(rows)")
            #expect(zip(rows, rows.dropFirst()).allSatisfy { $1.0 == $0.0 + 1 }, "chain numbers are not consecutive: \(rows.map(\.0))")

            let forged: [String] = [
                "INSERT INTO attest.events (tenant_id, id, actor, action, subject_kind, subject_id) OVERRIDING SYSTEM VALUE VALUES ($1, 999999, 'x', 'forged', 'probe', 'id')",
                "INSERT INTO attest.events (tenant_id, at, actor, action, subject_kind, subject_id) VALUES ($1, '2001-01-01', 'x', 'forged', 'probe', 'at')",
                "INSERT INTO attest.events (tenant_id, db_role, actor, action, subject_kind, subject_id) VALUES ($1, 'postgres', 'x', 'forged', 'probe', 'role')",
                "INSERT INTO attest.event_links (tenant_id, chain_seq, event_id, prev_hash, hash) VALUES ($1, 999, 1, '\\x00', '\\x00')",
            ]
            try await database.withDatabase(role: Self.daemonRole) { daemon in
                for sql in forged {
                    let error = await #expect(throws: PSQLError.self, "\(sql) was accepted") {
                        try await TenantWork(database: daemon).run(tenant: tenant, actor: "test") { _, connection in
                            var query = PostgresQuery(unsafeSQL: sql)
                            query.binds.append(tenant.id, context: .default)
                            try await connection.query(query, logger: TestDatabase.logger)
                        }
                    }
                    #expect(error?.serverInfo?[.sqlState] == "42501", "\(sql): \(String(describing: error?.serverInfo?[.message]))")
                }
            }
            // Even a superuser's back-dated insert gets the database's time and its own role.
            let stamped = try await database.superuser { connection in
                try await connection.query("""
                    INSERT INTO attest.events (tenant_id, at, db_role, actor, action, subject_kind, subject_id)
                    VALUES (\(tenant.id), '2001-01-01', 'someone', 'x', 'superuser.insert', 'probe', 'su')
                    RETURNING at > now() - interval '5 minutes', db_role <> 'someone', true
                    """, logger: TestDatabase.logger).decode((Bool, Bool, Bool).self).reduce(into: []) { $0.append($1) }
            }
            #expect(stamped.first.map { $0.0 && $0.1 && $0.2 } == true, "\(stamped)")
            #expect(try await Self.verify(database, tenant).isIntact)
        }
    }

    /// Writers of one tenant take turns: their events still form one unbroken chain.
    @Test func concurrentWritersMakeOneChain() async throws {
        try await Self.withTenant { database, tenant in
            let before = try await Self.verify(database, tenant).events
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<6 {
                    group.addTask { try await Self.append(5, database, tenant, label: "w\(writer)") }
                }
                try await group.waitForAll()
            }
            let report = try await Self.verify(database, tenant)
            #expect(report.events == before + 60)
            #expect(report.firstBreak == nil, "\(report.firstBreak?.sentence ?? "")")
            #expect(report.head?.chainSeq == before + 60)
        }
    }

    @Test func verifyFindsAnEditARemovalAndARewrite() async throws {
        try await Self.withTenant { database, tenant in
            try await Self.append(3, database, tenant, label: "t")
            let intact = try await Self.verify(database, tenant)
            #expect(intact.isIntact && intact.events > 6)
            let head = try #require(intact.head)
            let victim = head.chainSeq - 3

            try await Self.tamper(database, "UPDATE attest.events SET actor = 'someone else' WHERE \(Self.event(tenant, victim))")
            let edited = try await Self.verify(database, tenant)
            #expect(edited.firstBreak?.problem == .altered && edited.firstBreak?.chainSeq == victim, "\(String(describing: edited.firstBreak))")

            // The editor also fixes the edited event's link: the next link breaks.
            try await Self.tamper(database, """
                UPDATE attest.event_links AS l SET hash = attest.event_hash(l.prev_hash, e.tenant_id, e.id, l.chain_seq, e.at, e.actor,
                    e.db_role, e.action, e.subject_kind, e.subject_id, e.details)
                FROM attest.events AS e WHERE e.tenant_id = l.tenant_id AND e.id = l.event_id AND l.tenant_id = '\(tenant.id)' AND l.chain_seq = \(victim)
                """)
            let rehashed = try await Self.verify(database, tenant)
            #expect(rehashed.firstBreak?.problem == .relinked && rehashed.firstBreak?.chainSeq == victim + 1)

            // Rewriting every later link makes the chain whole again: only the anchor tells.
            try await Self.tamper(database, """
                DO $$ DECLARE l record; e record; previous bytea; BEGIN
                    SELECT hash INTO previous FROM attest.event_links WHERE tenant_id = '\(tenant.id)' AND chain_seq = \(victim);
                    FOR l IN SELECT * FROM attest.event_links WHERE tenant_id = '\(tenant.id)' AND chain_seq > \(victim) ORDER BY chain_seq LOOP
                        SELECT * INTO e FROM attest.events WHERE tenant_id = l.tenant_id AND id = l.event_id;
                        UPDATE attest.event_links SET prev_hash = previous, hash = attest.event_hash(previous, e.tenant_id, e.id, l.chain_seq,
                            e.at, e.actor, e.db_role, e.action, e.subject_kind, e.subject_id, e.details)
                        WHERE tenant_id = l.tenant_id AND chain_seq = l.chain_seq RETURNING hash INTO previous;
                    END LOOP;
                END $$
                """)
            let rewritten = try await Self.verify(database, tenant, anchor: head)
            #expect(rewritten.firstBreak == nil)
            #expect(rewritten.anchorMatches == false && !rewritten.isIntact)

            try await Self.tamper(database, "DELETE FROM attest.events WHERE \(Self.event(tenant, victim + 1))")
            let removed = try await Self.verify(database, tenant)
            #expect(removed.firstBreak?.problem == .removed && removed.firstBreak?.chainSeq == victim + 1, "\(String(describing: removed.firstBreak))")
            try await Self.tamper(database, "DELETE FROM attest.event_links WHERE tenant_id = '\(tenant.id)' AND chain_seq = \(victim + 2)")
            let unlinked = try await Self.verify(database, tenant)
            #expect(unlinked.firstBreak?.problem == .removed, "the first break is still the removed event")
            #expect(unlinked.unlinkedEvents.count == 1, "the event whose link was removed is not reported: \(unlinked.unlinkedEvents)")
        }
    }

    /// SQL naming the event at `seq` in `tenant`'s chain.
    static func event(_ tenant: Tenant, _ seq: Int) -> String {
        "(tenant_id, id) = (SELECT tenant_id, event_id FROM attest.event_links WHERE tenant_id = '\(tenant.id)' AND chain_seq = \(seq))"
    }

    @Test func theCommandPrintsTheHeadAndFailsOnABrokenChain() async throws {
        try await Self.withTenant { database, tenant in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            let intact = try await AttestProcess.run(["events", "verify", "--tenant", "acme"], environment: environment)
            #expect(intact.status == 0, "\(intact.standardError)")
            #expect(intact.standardOutput.contains("every link holds"), "\(intact.standardOutput)")
            let headLine = try #require(intact.standardOutput.split(separator: "\n").first { $0.hasPrefix("head ") })
            let head = String(headLine.dropFirst("head ".count))
            let anchored = try await AttestProcess.run(["events", "verify", "--tenant", "acme", "--anchor", head, "--json"], environment: environment)
            #expect(anchored.status == 0, "\(anchored.standardError)")
            let report = try JSONDecoder().decode(EventChainReport.self, from: Data(anchored.standardOutput.utf8))
            #expect(report.anchorMatches == true && report.head?.description == head)

            let malformed = try await AttestProcess.run(["events", "verify", "--tenant", "acme", "--anchor", "3:xyz"], environment: environment)
            #expect(malformed.status != 0 && malformed.standardError.contains("anchor:"), "\(malformed.standardError)")

            try await Self.tamper(database, "UPDATE attest.events SET details = '{\"forged\": true}' WHERE \(Self.event(tenant, 1))")
            let broken = try await AttestProcess.run(["events", "verify", "--tenant", "acme"], environment: environment)
            #expect(broken.status == 1)
            #expect(broken.standardOutput.contains("chain BROKEN: event 1 "), "\(broken.standardOutput)")
        }
    }
}
