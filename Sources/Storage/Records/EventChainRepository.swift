import Foundation
import Logging
import PostgresNIO

/// Checks a tenant's hash-chained event trail (migration 020): every query that reads
/// the chain. The hash itself is computed by `attest.event_hash`, the function the
/// insert trigger uses, so the two cannot drift apart.
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
            LEFT JOIN LATERAL (SELECT chain_seq, hash FROM attest.events WHERE tenant_id = \(tenant)
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
                SELECT e.chain_seq, e.id, e.hash, e.prev_hash,
                       lag(e.hash) OVER w AS previous_hash, lag(e.chain_seq) OVER w AS previous_seq,
                       attest.event_hash(e.prev_hash, e.tenant_id, e.id, e.chain_seq, e.at, e.actor, e.db_role, e.action,
                                         e.subject_kind, e.subject_id, e.details) AS recomputed
                FROM attest.events AS e WHERE e.tenant_id = \(tenant)
                WINDOW w AS (ORDER BY e.chain_seq))
            SELECT chain_seq, id, previous_seq,
                   CASE WHEN chain_seq <> coalesce(previous_seq, 0) + 1 THEN 'missing'
                        WHEN prev_hash <> coalesce(previous_hash, attest.event_chain_genesis()) THEN 'relinked'
                        ELSE 'altered' END
            FROM chain
            WHERE chain_seq <> coalesce(previous_seq, 0) + 1
               OR prev_hash <> coalesce(previous_hash, attest.event_chain_genesis())
               OR recomputed IS DISTINCT FROM hash
            ORDER BY chain_seq LIMIT 1
            """, logger: logger)
        for try await (seq, id, previous, problem) in rows.decode((Int, Int, Int?, String).self) {
            return EventChainBreak(chainSeq: seq, eventID: id, problem: EventChainBreak.Problem(rawValue: problem) ?? .altered, previousSeq: previous)
        }
        return nil
    }

    private func hash(of seq: Int, tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> String? {
        let rows = try await connection.query("""
            SELECT encode(hash, 'hex') FROM attest.events WHERE tenant_id = \(tenant) AND chain_seq = \(seq)
            """, logger: logger)
        for try await hash in rows.decode(String.self) { return hash }
        return nil
    }
}
