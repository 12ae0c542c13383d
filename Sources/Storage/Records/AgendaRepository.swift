import Compliance
import Foundation
import PostgresNIO

/// An open obligation as the agenda lists it.
public struct AgendaItem: Sendable, Equatable, Codable {
    public var kind: String
    public var subject: String
    public var dueDate: String
    public var cycle: String
    public var sourceKey: String
    /// The reminders the plan will send for it inside the window, in order.
    public var reminders: [PlannedReminder]

    enum CodingKeys: String, CodingKey {
        case kind, subject, cycle, reminders
        case dueDate = "due_date"
        case sourceKey = "source_key"
    }
}

/// A reminder the plan will send.
public struct PlannedReminder: Sendable, Equatable, Codable {
    public var stage: String
    /// The send instant in UTC, ISO 8601 (`2026-11-30T14:00:00Z`).
    public var sendAt: String
    public var recipients: [String]

    enum CodingKeys: String, CodingKey {
        case stage, recipients
        case sendAt = "send_at"
    }
}

/// One tenant's counts for `attest status`.
public struct TenantStatus: Sendable, Equatable, Codable {
    public var tenant: String
    public var open: Int
    public var dueWithin7Days: Int
    public var overdue: Int
    public var failedDeliveries: Int

    enum CodingKeys: String, CodingKey {
        case tenant, open, overdue
        case dueWithin7Days = "due_within_7_days"
        case failedDeliveries = "failed_deliveries"
    }
}

/// Reads of the obligations for operators: the agenda of one tenant and the status
/// of all. Both use the partial index on open obligations by due date.
public struct AgendaRepository: Sendable {
    public init() {}

    /// Open obligations due from `from` for `days` days (overdue ones first), with
    /// the reminders their plans send in that window.
    public func agenda(from: CivilDate, days: Int, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [AgendaItem] {
        let until = from.adding(days: days - 1)
        let rows = try await connection.query("""
            SELECT kind, subject_kind || '/' || subject_id, to_char(due_on, 'YYYY-MM-DD'), cycle, source_key, created_at
            FROM attest.obligations
            WHERE tenant_id = \(context.tenant.id) AND state = 'open' AND due_on <= \(until.description)::date
            ORDER BY due_on, kind, subject_id
            LIMIT 10000
            """, logger: logger)
        // Drain the rows first: computing reminders between rows would hold the stream back.
        let fetched = try await rows.decode((String, String, String, String, String, Date).self).reduce(into: []) { $0.append($1) }
        let sendTime = try context.rules.sendTime()
        var items: [AgendaItem] = []
        items.reserveCapacity(fetched.count)
        for (kind, subject, due, cycle, key, created) in fetched {
            let reminders = try plannedReminders(kind: kind, subject: subject, due: due, createdAt: created, context: context,
                                                 sendTime: sendTime, window: from...until)
            items.append(AgendaItem(kind: kind, subject: subject, dueDate: due, cycle: cycle, sourceKey: key, reminders: reminders))
        }
        return items
    }

    private func plannedReminders(
        kind: String, subject: String, due: String, createdAt: Date, context: TenantContext,
        sendTime: LocalSendTime, window: ClosedRange<CivilDate>
    ) throws -> [PlannedReminder] {
        guard let kind = ObligationKind(rawValue: kind), let slash = subject.firstIndex(of: "/"),
              let subjectKind = Subject.Kind(rawValue: String(subject[..<slash])) else { return [] }
        let obligation = Obligation(kind: kind, subject: Subject(subjectKind, String(subject[subject.index(after: slash)...])),
                                    dueDate: try CivilDate(iso: due), cycle: .once)
        return context.rules.settings.reminderPlan(for: kind)
            .reminders(for: obligation, createdAt: createdAt, sendTime: sendTime, within: window)
            .map { PlannedReminder(stage: $0.stage.key, sendAt: UTCTimestamp.format($0.sendAt), recipients: $0.recipients.map(\.rawValue)) }
    }

    /// Every visible tenant's counts, worst first (overdue, then due soon).
    public func status(today: CivilDate, connection: PostgresConnection, logger: Logger) async throws -> [TenantStatus] {
        let rows = try await connection.query("""
            SELECT t.slug,
                   count(o.id) FILTER (WHERE o.state = 'open'),
                   count(o.id) FILTER (WHERE o.state = 'open' AND o.due_on >= \(today.description)::date
                                         AND o.due_on < \(today.adding(days: 7).description)::date),
                   count(o.id) FILTER (WHERE o.state = 'open' AND o.due_on < \(today.description)::date),
                   (SELECT count(*) FROM attest.deliveries AS d WHERE d.tenant_id = t.id AND d.state IN ('failed', 'unknown'))
            FROM attest.tenants AS t
            LEFT JOIN attest.obligations AS o ON o.tenant_id = t.id AND o.state = 'open'
            WHERE t.disabled_at IS NULL
            GROUP BY t.id, t.slug
            ORDER BY 5 DESC, 4 DESC, 3 DESC, t.slug
            """, logger: logger)
        return try await rows.decode((String, Int, Int, Int, Int).self).reduce(into: []) {
            $0.append(TenantStatus(tenant: $1.0, open: $1.1, dueWithin7Days: $1.2, overdue: $1.3, failedDeliveries: $1.4))
        }
    }
}

/// A fast `YYYY-MM-DDTHH:MM:SSZ` formatter (Foundation's ISO 8601 formatting dominated
/// the agenda's time for large windows).
enum UTCTimestamp {
    static func format(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(CivilDate(dayNumber: Int32(days)).description)T\(two(second / 3_600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
    }
}
