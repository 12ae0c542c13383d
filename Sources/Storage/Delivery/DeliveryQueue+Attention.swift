import Foundation
import PostgresNIO

/// A delivery that needs an operator, with its tenant: failed, of unknown outcome, or
/// still retrying after several attempts.
public struct DeliveryAttention: Sendable, Equatable {
    public var tenantSlug: String
    public var tenantName: String
    public var delivery: DeliveryListing
}

/// What an operator did to a delivery from the console.
public enum DeliveryIntervention: String, Sendable, CaseIterable {
    /// Send it at the next pass (at once: the tenant's daemon is woken).
    case retry
    /// Never send it.
    case cancel

    /// The states both apply to: never a delivery in flight (`sending`), `sent` or `cancelled`.
    public static let fromStates = ["pending", "failed", "unknown"]

    /// The event it records.
    public var eventAction: String {
        switch self {
        case .retry: "delivery.retried"
        case .cancel: "delivery.cancelled"
        }
    }
}

extension DeliveryQueue {
    /// Pending deliveries from this many attempts on count as long-retrying.
    public static let longRetryAttempts = 3

    /// The deliveries that need an operator across every tenant the caller may see
    /// (row-level security decides which), most recent first, at most `limit`.
    public func needingAttention(limit: Int, connection: PostgresConnection, logger: Logger) async throws -> [DeliveryAttention] {
        let rows = try await connection.query("""
            SELECT t.slug, t.legal_name, d.id, d.recipient, d.state, d.attempt, d.last_code, d.last_reply,
                   to_char(d.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(d.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            FROM attest.deliveries AS d
            JOIN attest.tenants AS t ON t.id = d.tenant_id
            WHERE d.state IN ('failed', 'unknown') OR (d.state = 'pending' AND d.attempt >= \(Self.longRetryAttempts))
            ORDER BY d.created_at DESC, d.id DESC
            LIMIT \(limit)
            """, logger: logger)
        return try await rows.decode((String, String, UUID, String, String, Int, Int?, String?, String?, String, String, String).self)
            .reduce(into: []) {
                let delivery = DeliveryListing(id: $1.2, recipient: $1.3, state: $1.4, attempt: $1.5, lastCode: $1.6, lastReply: $1.7,
                                               sentAt: $1.8, createdAt: $1.9, nextAttemptAt: $1.10, key: $1.11)
                $0.append(DeliveryAttention(tenantSlug: $1.0, tenantName: $1.1, delivery: delivery))
            }
    }

    /// Applies `intervention` to the context's delivery `id` and records it in the
    /// tenant's events; a retry wakes the tenant's daemon (NOTIFY), which sends it at
    /// once with its Message-ID unchanged. The state it left, or nil when the delivery
    /// does not exist or is in no state the intervention applies to (nothing changes).
    public func intervene(_ intervention: DeliveryIntervention, delivery id: UUID, context: TenantContext,
                          connection: PostgresConnection, logger: Logger) async throws -> String? {
        let tenant = context.tenant.id
        let retry = intervention == .retry
        let rows = try await connection.query("""
            WITH old AS (
                SELECT state FROM attest.deliveries
                WHERE tenant_id = \(tenant) AND id = \(id) AND state = ANY(\(DeliveryIntervention.fromStates)::text[])
                FOR UPDATE
            )
            UPDATE attest.deliveries AS d
            SET state = CASE WHEN \(retry) THEN 'pending' ELSE 'cancelled' END,
                next_attempt_at = CASE WHEN \(retry) THEN now() ELSE d.next_attempt_at END,
                locked_until = NULL, claimed_by = NULL
            FROM old
            WHERE d.tenant_id = \(tenant) AND d.id = \(id)
            RETURNING old.state
            """, logger: logger)
        var previous: String?
        for try await state in rows.decode(String.self) { previous = state }
        guard let previous else { return nil }
        try await EventLog.append([Event(action: intervention.eventAction, subjectKind: "delivery", subjectID: id.uuidString.lowercased(),
                                         details: ["previous_state": previous])],
                                  context: context, connection: connection, logger: logger)
        if retry {
            try await TenantRepository.wake([tenant], connection: connection, logger: logger)
        }
        return previous
    }
}
