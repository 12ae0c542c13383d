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
    /// Why the recipient receives it (``ReminderRecipient/reason``).
    public var reason: String = ""
    /// The obligation's cycle key (`once`, a year, a date).
    public var cycle: String = "once"
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
        // The candidates are locked in a MATERIALIZED CTE, evaluated exactly once, and
        // updated by their row addresses (a TID scan, whatever the statistics say). The
        // tempting `WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)` may be
        // planned with the subquery re-run for every outer row (seen with stale
        // statistics after the scheduler queued 20,000 deliveries): each re-run skips
        // the rows already locked and returns new ones, and one claim took them all.
        // Ordering by the due time alone reads the partial index in order, no sort.
        let rows = try await connection.query("""
            WITH claimable AS MATERIALIZED (
                SELECT ctid FROM attest.deliveries
                WHERE tenant_id = \(tenant) AND state = 'pending' AND next_attempt_at <= \(now)
                ORDER BY next_attempt_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            UPDATE attest.deliveries AS d
            SET state = 'sending', attempt = d.attempt + 1, claimed_by = \(owner),
                locked_until = \(now.addingTimeInterval(lease))
            WHERE d.tenant_id = \(tenant) AND d.ctid = ANY(ARRAY(SELECT ctid FROM claimable))
            RETURNING d.id, d.key, d.recipient, d.message_id, d.attempt, d.created_at
            """, logger: logger)
        return try await rows.decode((UUID, String, String, String, Int, Date).self).reduce(into: []) {
            $0.append(ClaimedDelivery(id: $1.0, key: $1.1, recipient: $1.2, messageID: $1.3, attempt: $1.4, createdAt: $1.5))
        }
    }

    /// The reminders of each claimed delivery whose obligations are still open (the
    /// re-check before sending); the others are cancelled here. Deliveries left with
    /// no reminder are absent from the result. Each lookup is by key (`= ANY`), so a
    /// plan made on stale statistics cannot turn it into a scan.
    public func items(of deliveries: [UUID], tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> [UUID: [DeliveryItem]] {
        guard !deliveries.isEmpty else { return [:] }
        let queued = try await connection.query("""
            SELECT delivery_id, id, obligation_id, to_char(due_on, 'YYYY-MM-DD'), stage, reason FROM attest.reminders
            WHERE tenant_id = \(tenant) AND delivery_id = ANY(\(deliveries)::uuid[]) AND state = 'queued'
            """, logger: logger).decode((UUID, UUID, UUID, String, String, String).self).reduce(into: []) { $0.append($1) }
        let obligations = try await openObligations(Array(Set(queued.map(\.2))), tenant: tenant, connection: connection, logger: logger)
        var items: [UUID: [DeliveryItem]] = [:]
        var stale: [UUID] = []
        for (delivery, id, obligation, due, stage, reason) in queued {
            guard let open = obligations[obligation], open.due == due else {
                stale.append(id)
                continue
            }
            items[delivery, default: []].append(DeliveryItem(reminderID: id, obligationID: obligation, kind: open.kind, subject: open.subject,
                                                             dueOn: try CivilDate(iso: due), stage: stage, reason: reason, cycle: open.cycle))
        }
        if !stale.isEmpty {
            try await connection.query("""
                UPDATE attest.reminders SET state = 'cancelled' WHERE tenant_id = \(tenant) AND id = ANY(\(stale)::uuid[]) AND state = 'queued'
                """, logger: logger)
        }
        return items.mapValues { $0.sorted { ($0.dueOn, $0.kind, $0.subject) < ($1.dueOn, $1.kind, $1.subject) } }
    }

    /// The open obligations among `ids`: kind, subject and due date.
    private func openObligations(_ ids: [UUID], tenant: UUID, connection: PostgresConnection,
                                 logger: Logger) async throws -> [UUID: (kind: String, subject: String, due: String, cycle: String)] {
        let rows = try await connection.query("""
            SELECT id, kind, subject_kind || '/' || subject_id, to_char(due_on, 'YYYY-MM-DD'), cycle FROM attest.obligations
            WHERE tenant_id = \(tenant) AND id = ANY(\(ids)::uuid[]) AND state = 'open'
            """, logger: logger)
        var open: [UUID: (kind: String, subject: String, due: String, cycle: String)] = [:]
        for try await (id, kind, subject, due, cycle) in rows.decode((UUID, String, String, String, String).self) {
            open[id] = (kind, subject, due, cycle)
        }
        return open
    }

    /// Records how the attempt ended. Returns false when the lease was lost (another
    /// daemon rescued the delivery): nothing is changed then.
    public func finish(_ delivery: ClaimedDelivery, result: DeliveryResult, now: Date,
                       tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await finish([(delivery, result)], now: now, tenant: tenant, connection: connection, logger: logger).contains(delivery.id)
    }

    /// Records how each attempt of a batch ended, in one statement: only rows still
    /// carrying the attempt that claimed them change (the fencing token). The delivery
    /// alone carries the outcome: its reminders stay `queued` (in this delivery), so
    /// finishing writes one row per e-mail, not one per reminder (issue 19;
    /// `attest.reminder_states` shows a reminder's outcome). Returns the deliveries whose
    /// outcome was kept; the others' leases were lost to another daemon.
    public func finish(_ outcomes: [(ClaimedDelivery, DeliveryResult)], now: Date,
                       tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> Set<UUID> {
        guard !outcomes.isEmpty else { return [] }
        let rows = outcomes.map { delivery, result in (delivery, transition(result, delivery: delivery, now: now)) }
        let kept = try await connection.query("""
            WITH outcome AS (
                SELECT * FROM unnest(\(rows.map(\.0.id))::uuid[], \(rows.map(\.0.attempt))::int[], \(rows.map(\.1.state))::text[],
                                     \(rows.map { $0.1.code ?? 0 })::int[], \(rows.map { String($0.1.reply.prefix(1_000)) })::text[],
                                     \(rows.map { $0.1.retryAt ?? .distantPast })::timestamptz[], \(rows.map { $0.1.unknown })::bool[])
                    AS o(id, attempt, state, code, reply, retry_at, unknown)
            ), finished AS (
                UPDATE attest.deliveries AS d
                SET state = CASE WHEN o.unknown AND d.unknown_count >= 1 THEN 'unknown' ELSE o.state END,
                    last_code = NULLIF(o.code, 0), last_reply = o.reply,
                    next_attempt_at = CASE WHEN o.retry_at > '1970-01-01' THEN o.retry_at ELSE d.next_attempt_at END,
                    locked_until = NULL,
                    unknown_count = d.unknown_count + CASE WHEN o.unknown THEN 1 ELSE 0 END,
                    sent_at = CASE WHEN o.state = 'sent' THEN \(now) ELSE d.sent_at END
                FROM outcome AS o
                WHERE d.tenant_id = \(tenant) AND d.id = o.id AND d.attempt = o.attempt AND d.state = 'sending'
                RETURNING d.id
            )
            SELECT id FROM finished
            """, logger: logger)
        return try await kept.decode(UUID.self).reduce(into: []) { $0.insert($1) }
    }

    private struct Transition {
        let state: String
        let code: Int?
        let reply: String
        let retryAt: Date?
        let unknown: Bool
    }

    private func transition(_ result: DeliveryResult, delivery: ClaimedDelivery, now: Date) -> Transition {
        let tooOld = now.timeIntervalSince(delivery.createdAt) > Self.maximumAge
        switch result {
        case .sent(let code, let reply): return Transition(state: "sent", code: code, reply: reply, retryAt: nil, unknown: false)
        case .permanent(let code, let reply): return Transition(state: "failed", code: code, reply: reply, retryAt: nil, unknown: false)
        case .cancelled: return Transition(state: "cancelled", code: nil, reply: "nothing left to send", retryAt: nil, unknown: false)
        case .transient(let code, let reply, let after):
            return Transition(state: tooOld ? "failed" : "pending", code: code, reply: tooOld ? "gave up after 3 days: " + reply : reply,
                              retryAt: now.addingTimeInterval(after), unknown: false)
        case .unknown(let reply, let after):
            return Transition(state: "pending", code: nil, reply: reply, retryAt: now.addingTimeInterval(after), unknown: true)
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

    /// Returns to pending the deliveries `owner` still holds claimed: after its cycle
    /// failed, these are claims whose outcome it lost (the database went away around
    /// the claim's commit), which would otherwise wait for their leases to expire.
    /// Only for an owner that has nothing in flight (its dispatcher has returned).
    public func releaseClaims(of owner: String, now: Date, tenant: UUID,
                              connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query("""
            UPDATE attest.deliveries SET state = 'pending', locked_until = NULL, next_attempt_at = \(now)
            WHERE tenant_id = \(tenant) AND state = 'sending' AND claimed_by = \(owner)
            RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).reduce(0) { count, _ in count + 1 }
    }

    /// When the next pending delivery may be attempted, and when the first lease of a
    /// delivery being sent ends (to rescue it then if its daemon died), if any.
    public func nextTimes(tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> DeliveryQueueTimes {
        let rows = try await connection.query("""
            SELECT (SELECT min(next_attempt_at) FROM attest.deliveries WHERE tenant_id = \(tenant) AND state = 'pending'),
                   (SELECT min(locked_until) FROM attest.deliveries WHERE tenant_id = \(tenant) AND state = 'sending')
            """, logger: logger)
        for try await (next, lease) in rows.decode((Date?, Date?).self) {
            return DeliveryQueueTimes(nextAttempt: next, firstLeaseEnd: lease)
        }
        return DeliveryQueueTimes(nextAttempt: nil, firstLeaseEnd: nil)
    }
}

/// When a tenant's delivery queue next needs its dispatcher.
public struct DeliveryQueueTimes: Sendable, Equatable {
    /// When the next pending delivery may be attempted.
    public let nextAttempt: Date?
    /// When the first lease of a delivery being sent ends.
    public let firstLeaseEnd: Date?
}
