import Compliance
import Foundation
import PostgresNIO

/// A delivery claimed for sending: only this attempt may finish it.
public struct ClaimedDelivery: Sendable, Equatable {
    public let id: UUID
    public let key: String
    public let recipient: String
    public let messageID: String
    /// The fencing token: the finish statements match on it.
    public let attempt: Int
    public let createdAt: Date
}

/// One reminder inside a claimed delivery, with what the e-mail needs to say.
public struct DeliveryItem: Sendable, Equatable {
    public let reminderID: UUID
    public let obligationID: UUID
    public let kind: String
    public let subject: String
    public let dueOn: CivilDate
    public let stage: String
}

/// How an attempt ended, as the queue records it.
public enum DeliveryResult: Sendable, Equatable {
    /// The server said 250 to the final dot.
    case sent(code: Int, reply: String)
    /// 4xx or a network error before the final dot: try again after `retryAfter`.
    case transient(code: Int?, reply: String, retryAfter: TimeInterval)
    /// 5xx: never retried.
    case permanent(code: Int?, reply: String)
    /// The connection failed after the final dot: the relay may have it. Resent once
    /// (same Message-ID), then left as `unknown`.
    case unknown(reply: String, retryAfter: TimeInterval)
    /// Nothing left to say: every reminder's obligation closed meanwhile.
    case cancelled
}

/// The deliveries table as a queue: every query of the dispatcher. Claims use
/// `FOR UPDATE SKIP LOCKED` with a lease; finishing matches the attempt number
/// (a fencing token), so a delivery rescued from a dead daemon is never finished
/// twice; expired leases go back to pending.
public struct DeliveryQueue: Sendable {
    /// Deliveries older than this fail instead of being retried again.
    public static let maximumAge: TimeInterval = 3 * 86_400

    public init() {}

    /// Claims up to `limit` due deliveries for `owner` with a lease of `lease` seconds.
    public func claim(limit: Int, lease: TimeInterval, owner: String, now: Date,
                      tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> [ClaimedDelivery] {
        // The candidates are locked in a MATERIALIZED CTE, evaluated exactly once. The
        // tempting `WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` may be
        // planned with the subquery re-run for every outer row (seen with stale
        // statistics after the scheduler queued 20,000 deliveries): each re-run skips
        // the rows already locked and returns new ones, and one claim took them all.
        let rows = try await connection.query("""
            WITH claimable AS MATERIALIZED (
                SELECT id FROM attest.deliveries
                WHERE tenant_id = \(tenant) AND state = 'pending' AND next_attempt_at <= \(now)
                ORDER BY next_attempt_at, id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            UPDATE attest.deliveries AS d
            SET state = 'sending', attempt = d.attempt + 1, claimed_by = \(owner),
                locked_until = \(now.addingTimeInterval(lease))
            FROM claimable AS c
            WHERE d.tenant_id = \(tenant) AND d.id = c.id
            RETURNING d.id, d.key, d.recipient, d.message_id, d.attempt, d.created_at
            """, logger: logger)
        return try await rows.decode((UUID, String, String, String, Int, Date).self).reduce(into: []) {
            $0.append(ClaimedDelivery(id: $1.0, key: $1.1, recipient: $1.2, messageID: $1.3, attempt: $1.4, createdAt: $1.5))
        }
    }

    /// The reminders of each claimed delivery whose obligations are still open (the
    /// re-check before sending); the others are cancelled here. Deliveries left with
    /// no reminder are absent from the result.
    public func items(of deliveries: [UUID], tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> [UUID: [DeliveryItem]] {
        guard !deliveries.isEmpty else { return [:] }
        try await connection.query("""
            UPDATE attest.reminders AS r SET state = 'cancelled'
            FROM attest.obligations AS o
            WHERE r.tenant_id = \(tenant) AND r.delivery_id = ANY(\(deliveries)::uuid[]) AND r.state = 'queued'
              AND o.tenant_id = r.tenant_id AND o.id = r.obligation_id AND (o.state <> 'open' OR o.due_on <> r.due_on)
            """, logger: logger)
        let rows = try await connection.query("""
            SELECT r.delivery_id, r.id, r.obligation_id, o.kind, o.subject_kind || '/' || o.subject_id, to_char(r.due_on, 'YYYY-MM-DD'), r.stage
            FROM attest.reminders AS r
            JOIN attest.obligations AS o ON o.tenant_id = r.tenant_id AND o.id = r.obligation_id
            WHERE r.tenant_id = \(tenant) AND r.delivery_id = ANY(\(deliveries)::uuid[]) AND r.state = 'queued'
            ORDER BY r.delivery_id, r.due_on, o.kind, o.subject_id
            """, logger: logger)
        var items: [UUID: [DeliveryItem]] = [:]
        for try await (delivery, id, obligation, kind, subject, due, stage) in rows.decode((UUID, UUID, UUID, String, String, String, String).self) {
            items[delivery, default: []].append(DeliveryItem(reminderID: id, obligationID: obligation, kind: kind, subject: subject,
                                                             dueOn: try CivilDate(iso: due), stage: stage))
        }
        return items
    }

    /// Records how the attempt ended. Returns false when the lease was lost (another
    /// daemon rescued the delivery): nothing is changed then.
    public func finish(_ delivery: ClaimedDelivery, result: DeliveryResult, now: Date,
                       tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let (state, code, reply, retryAt, unknown) = transition(result, delivery: delivery, now: now)
        let rows = try await connection.query("""
            UPDATE attest.deliveries
            SET state = \(state), last_code = \(code), last_reply = \(String(reply.prefix(1_000))),
                next_attempt_at = COALESCE(\(retryAt), next_attempt_at), locked_until = NULL,
                unknown_count = unknown_count + \(unknown ? 1 : 0),
                sent_at = CASE WHEN \(state) = 'sent' THEN \(now) ELSE sent_at END
            WHERE tenant_id = \(tenant) AND id = \(delivery.id) AND attempt = \(delivery.attempt) AND state = 'sending'
            RETURNING unknown_count
            """, logger: logger)
        guard let unknownCount = try await rows.decode(Int.self).first(where: { _ in true }) else { return false }
        if unknown && unknownCount > 1 {
            try await connection.query("""
                UPDATE attest.deliveries SET state = 'unknown' WHERE tenant_id = \(tenant) AND id = \(delivery.id)
                """, logger: logger)
        }
        if state == "sent" || state == "cancelled" {
            try await connection.query("""
                UPDATE attest.reminders SET state = \(state == "sent" ? "sent" : "cancelled")
                WHERE tenant_id = \(tenant) AND delivery_id = \(delivery.id) AND state = 'queued'
                """, logger: logger)
        }
        return true
    }

    private func transition(_ result: DeliveryResult, delivery: ClaimedDelivery, now: Date) -> (String, Int?, String, Date?, Bool) {
        let tooOld = now.timeIntervalSince(delivery.createdAt) > Self.maximumAge
        switch result {
        case .sent(let code, let reply): return ("sent", code, reply, nil, false)
        case .permanent(let code, let reply): return ("failed", code, reply, nil, false)
        case .cancelled: return ("cancelled", nil, "nothing left to send", nil, false)
        case .transient(let code, let reply, let after):
            return (tooOld ? "failed" : "pending", code, tooOld ? "gave up after 3 days: " + reply : reply, now.addingTimeInterval(after), false)
        case .unknown(let reply, let after):
            return ("pending", nil, reply, now.addingTimeInterval(after), true)
        }
    }

    /// Returns deliveries whose lease expired (their daemon died) to pending.
    public func rescueExpired(now: Date, tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query("""
            UPDATE attest.deliveries SET state = 'pending', locked_until = NULL, next_attempt_at = \(now)
            WHERE tenant_id = \(tenant) AND state = 'sending' AND locked_until < \(now)
            RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).reduce(0) { count, _ in count + 1 }
    }

    /// When the next pending delivery may be attempted, if any.
    public func nextAttemptAt(tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> Date? {
        let rows = try await connection.query("""
            SELECT min(next_attempt_at) FROM attest.deliveries WHERE tenant_id = \(tenant) AND state = 'pending'
            """, logger: logger)
        for try await next in rows.decode(Date?.self) { return next }
        return nil
    }
}
