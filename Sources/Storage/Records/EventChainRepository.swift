import Foundation
import Logging
import PostgresNIO

/// Checks a tenant's hash-chained event trail (migration 020: `attest.event_links`,
/// one link per event): every query that reads the chain. The hash itself is computed
/// by `attest.event_hash`, the function the linking trigger uses, so the two cannot
/// drift apart.
public struct EventChainRepository: Sendable {
    public init() {}

    /// Recomputes the context's tenant's chain, finds its first broken link, and checks
    /// `anchor` (an event number and the hash it had) when one is given.
    public func verify(anchor: EventChainAnchor?, context: TenantContext, connection: PostgresConnection,
                       logger: Logger) async throws -> EventChainReport {
        let tenant = context.tenant.id
        let (events, head) = try await summary(tenant: tenant, connection: connection, logger: logger)
        var report = EventChainReport(events: events, head: head)
        report.firstBreak = try await firstBreak(tenant: tenant, connection: connection, logger: logger)
        report.unlinkedEvents = try await unlinked(tenant: tenant, connection: connection, logger: logger)
        if let anchor {
            let stored = try await hash(of: anchor.chainSeq, tenant: tenant, connection: connection, logger: logger)
            report.anchorMatches = stored == anchor.hash
        }
        return report
    }

    private func summary(tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> (Int, EventChainAnchor?) {
        let rows = try await connection.query("""
            SELECT (SELECT count(*) FROM attest.events WHERE tenant_id = \(tenant)), h.chain_seq, encode(h.hash, 'hex')
            FROM (SELECT 1) AS one
            LEFT JOIN LATERAL (SELECT chain_seq, hash FROM attest.event_links WHERE tenant_id = \(tenant)
                               ORDER BY chain_seq DESC LIMIT 1) AS h ON true
            """, logger: logger)
        for try await (count, seq, hash) in rows.decode((Int, Int?, String?).self) {
            return (count, seq.flatMap { seq in hash.map { EventChainAnchor(chainSeq: seq, hash: $0) } })
        }
        return (0, nil)
    }

    private func firstBreak(tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> EventChainBreak? {
        let rows = try await connection.query("""
            WITH chain AS (
                SELECT l.chain_seq, l.event_id AS id, l.hash, l.prev_hash, e.id IS NULL AS removed,
                       lag(l.hash) OVER w AS previous_hash, lag(l.chain_seq) OVER w AS previous_seq,
                       attest.event_hash(l.prev_hash, e.tenant_id, e.id, l.chain_seq, e.at, e.actor, e.db_role, e.action,
                                         e.subject_kind, e.subject_id, e.details) AS recomputed
                FROM attest.event_links AS l
                LEFT JOIN attest.events AS e ON e.tenant_id = l.tenant_id AND e.id = l.event_id
                WHERE l.tenant_id = \(tenant)
                WINDOW w AS (ORDER BY l.chain_seq))
            SELECT chain_seq, id, previous_seq,
                   CASE WHEN chain_seq <> coalesce(previous_seq, 0) + 1 THEN 'missing'
                        WHEN removed THEN 'removed'
                        WHEN prev_hash <> coalesce(previous_hash, attest.event_chain_genesis()) THEN 'relinked'
                        ELSE 'altered' END
            FROM chain
            WHERE chain_seq <> coalesce(previous_seq, 0) + 1 OR removed
               OR prev_hash <> coalesce(previous_hash, attest.event_chain_genesis())
               OR recomputed IS DISTINCT FROM hash
            ORDER BY chain_seq LIMIT 1
            """, logger: logger)
        for try await (seq, id, previous, problem) in rows.decode((Int, Int, Int?, String).self) {
            return EventChainBreak(chainSeq: seq, eventID: id, problem: EventChainBreak.Problem(rawValue: problem) ?? .altered, previousSeq: previous)
        }
        return nil
    }

    /// Ids of events that have no link (written around the trigger), first ones first.
    private func unlinked(tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> [Int] {
        let rows = try await connection.query("""
            SELECT e.id FROM attest.events AS e
            WHERE e.tenant_id = \(tenant)
              AND NOT EXISTS (SELECT 1 FROM attest.event_links AS l WHERE l.tenant_id = e.tenant_id AND l.event_id = e.id)
            ORDER BY e.id LIMIT 20
            """, logger: logger)
        return try await rows.decode(Int.self).reduce(into: []) { $0.append($1) }
    }

    private func hash(of seq: Int, tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> String? {
        let rows = try await connection.query("""
            SELECT encode(hash, 'hex') FROM attest.event_links WHERE tenant_id = \(tenant) AND chain_seq = \(seq)
            """, logger: logger)
        for try await hash in rows.decode(String.self) { return hash }
        return nil
    }
}
