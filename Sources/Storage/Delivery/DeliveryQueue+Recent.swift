import Foundation
import PostgresNIO

/// A delivery and how it ended (or where it stands), for operators.
public struct DeliveryListing: Sendable, Equatable {
    public var id: UUID
    public var recipient: String
    /// `pending`, `sending`, `sent`, `failed`, `unknown` or `cancelled`.
    public var state: String
    public var attempt: Int
    /// The relay's last reply code and text, if any.
    public var lastCode: Int?
    public var lastReply: String?
    /// ISO 8601 instants (UTC).
    public var sentAt: String?
    public var createdAt: String
    public var nextAttemptAt: String
    /// `created_at` to the microsecond: the page key.
    public var key: String
}

extension DeliveryQueue {
    /// The most recent deliveries first, before the page key `before` (a previous
    /// page's last ``DeliveryListing/key`` and id), at most `limit`.
    public func recent(before: (key: String, id: UUID)?, limit: Int, context: TenantContext,
                       connection: PostgresConnection, logger: Logger) async throws -> [DeliveryListing] {
        let rows = try await connection.query("""
            SELECT d.id, d.recipient, d.state, d.attempt, d.last_code, d.last_reply,
                   to_char(d.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(d.next_attempt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            FROM attest.deliveries AS d
            WHERE d.tenant_id = \(context.tenant.id)
              AND (\(before?.key)::timestamptz IS NULL OR (d.created_at, d.id) < (\(before?.key)::timestamptz, \(before?.id)::uuid))
            ORDER BY d.created_at DESC, d.id DESC
            LIMIT \(limit)
            """, logger: logger)
        return try await rows.decode((UUID, String, String, Int, Int?, String?, String?, String, String, String).self).reduce(into: []) {
            $0.append(DeliveryListing(id: $1.0, recipient: $1.1, state: $1.2, attempt: $1.3, lastCode: $1.4, lastReply: $1.5,
                                      sentAt: $1.6, createdAt: $1.7, nextAttemptAt: $1.8, key: $1.9))
        }
    }
}
