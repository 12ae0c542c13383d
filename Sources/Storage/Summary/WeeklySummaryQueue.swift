import Compliance
import Foundation
import PostgresNIO

/// A weekly summary claimed for sending: whom to, which week, its fixed Message-ID, and
/// the attempt that claimed it (the fencing token).
public struct ClaimedSummary: Sendable, Equatable {
    public let email: String
    /// The Monday of the week, in the operator's time zone.
    public let week: CivilDate
    public let messageID: String
    public let attempt: Int
    /// The operator's local date now (what "overdue" and "this week" count from).
    public let today: CivilDate
}

/// The weekly summaries to the agency's operator contacts (`attest.weekly_summaries`) as
/// a queue, like the deliveries: every query of `attest summary send`. Run as the
/// operator role, which sees every tenant.
public struct WeeklySummaryQueue: Sendable {
    /// The defaults of an operator without settings.
    public static let defaultTimeZone = "America/New_York"
    public static let defaultSendHour = 8

    public init() {}

    /// Makes the summary of this week for every operator (or escalation) contact for
    /// whom it is Monday, at or after their send hour, in their own time zone: once per
    /// week, whoever runs it. A Monday missed altogether is not made up later in the week
    /// (the summary is about the week ahead); one whose sending failed is retried. Returns
    /// how many were new.
    public func schedule(now: Date, connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query("""
            INSERT INTO attest.weekly_summaries (email, week, message_id, next_attempt_at)
            SELECT c.email, w.monday, '<weekly-' || md5(c.email || '|' || w.monday::text) || '@attest.invalid>', \(now)
            FROM (SELECT DISTINCT lower(email) AS email FROM attest.tenant_contacts AS tc
                  JOIN attest.tenants AS t ON t.id = tc.tenant_id AND t.disabled_at IS NULL
                  WHERE tc.role IN ('operator', 'escalation')) AS c
            LEFT JOIN attest.operator_summary_settings AS s ON s.email = c.email
            CROSS JOIN LATERAL (SELECT (\(now)::timestamptz AT TIME ZONE coalesce(s.time_zone, \(Self.defaultTimeZone))) AS local) AS l
            CROSS JOIN LATERAL (SELECT date_trunc('week', l.local)::date AS monday) AS w
            WHERE extract(isodow FROM l.local) = 1
              AND l.local >= w.monday + make_interval(hours => coalesce(s.send_hour, \(Self.defaultSendHour))::int)
            ON CONFLICT (email, week) DO NOTHING
            RETURNING email
            """, logger: logger)
        return try await rows.decode(String.self).reduce(0) { count, _ in count + 1 }
    }

    /// Claims up to `limit` summaries due at `now` (pending, or sending with an expired
    /// lease) for `owner`, with a lease of `lease` seconds.
    public func claim(limit: Int, lease: TimeInterval, owner: String, now: Date, connection: PostgresConnection,
                      logger: Logger) async throws -> [ClaimedSummary] {
        let rows = try await connection.query("""
            WITH claimable AS MATERIALIZED (
                SELECT email, week FROM attest.weekly_summaries
                WHERE (state = 'pending' AND next_attempt_at <= \(now)) OR (state = 'sending' AND locked_until < \(now))
                ORDER BY next_attempt_at LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            UPDATE attest.weekly_summaries AS w
            SET state = 'sending', attempt = w.attempt + 1, claimed_by = \(owner), locked_until = \(now.addingTimeInterval(lease))
            FROM claimable AS c LEFT JOIN attest.operator_summary_settings AS s ON s.email = c.email
            WHERE w.email = c.email AND w.week = c.week
            RETURNING w.email, to_char(w.week, 'YYYY-MM-DD'), w.message_id, w.attempt,
                      to_char((\(now)::timestamptz AT TIME ZONE coalesce(s.time_zone, \(Self.defaultTimeZone)))::date, 'YYYY-MM-DD')
            """, logger: logger)
        var claimed: [ClaimedSummary] = []
        for try await (email, week, messageID, attempt, today) in rows.decode((String, String, String, Int, String).self) {
            claimed.append(ClaimedSummary(email: email, week: try CivilDate(iso: week), messageID: messageID, attempt: attempt,
                                          today: try CivilDate(iso: today)))
        }
        return claimed
    }

    /// The slugs of the tenants (enabled) whose operator or escalation contact `email` is.
    public func tenants(of email: String, connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        try await connection.query("""
            SELECT DISTINCT t.slug FROM attest.tenant_contacts AS c JOIN attest.tenants AS t ON t.id = c.tenant_id
            WHERE lower(c.email) = \(email) AND c.role IN ('operator', 'escalation') AND t.disabled_at IS NULL
            """, logger: logger).decode(String.self).reduce(into: Set<String>()) { $0.insert($1) }
    }

    /// Records how the attempt ended, if `summary`'s attempt still holds it: sent; or
    /// retried after `retryAfter` seconds (failed once its week is over); or failed.
    /// False when another process rescued it meanwhile.
    public func finish(_ summary: ClaimedSummary, sent: Bool, reply: String, retryAfter: TimeInterval?, now: Date,
                       connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let state = sent ? "sent" : (retryAfter == nil ? "failed" : "pending")
        let rows = try await connection.query("""
            UPDATE attest.weekly_summaries
            SET state = CASE WHEN \(state) = 'pending' AND week + 7 <= \(summary.today.description)::date THEN 'failed' ELSE \(state) END,
                sent_at = CASE WHEN \(sent) THEN \(now) END, last_reply = \(reply), locked_until = NULL,
                next_attempt_at = \(now.addingTimeInterval(retryAfter ?? 0))
            WHERE email = \(summary.email) AND week = \(summary.week.description)::date AND attempt = \(summary.attempt) AND state = 'sending'
            RETURNING email
            """, logger: logger)
        return try await rows.decode(String.self).first(where: { _ in true }) != nil
    }

    /// Sets an operator's time zone and send hour (unknown zone: an error naming it).
    public func setSettings(email: String, timeZone: String, sendHour: Int, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO attest.operator_summary_settings (email, time_zone, send_hour) VALUES (\(email.lowercased()), \(timeZone), \(sendHour))
            ON CONFLICT (email) DO UPDATE SET time_zone = EXCLUDED.time_zone, send_hour = EXCLUDED.send_hour
            """, logger: logger)
    }
}
