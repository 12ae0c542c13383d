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
    /// Who must act on it, and why (the tenant's contacts when nobody is named).
    public var responsible: [Responsibility] = []

    enum CodingKeys: String, CodingKey {
        case kind, subject, cycle, reminders, responsible
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

/// One tenant's counts for `attest status`, the API's status and the console's overview.
public struct TenantStatus: Sendable, Equatable, Codable {
    /// The tenant's slug.
    public var tenant: String
    public var legalName: String
    public var open: Int
    public var dueWithin7Days: Int
    public var overdue: Int
    /// Deliveries that failed for good, or whose outcome is unknown.
    public var failedDeliveries: Int
    /// Tips received and not yet acknowledged.
    public var tipsAwaitingAcknowledgement: Int
    /// When a daemon of the tenant last ran a scheduler pass (nil: never).
    public var lastSchedulerPass: Date?
    /// Hiring-safeguard exceptions to review (pre-screening, hires without a case or reason).
    public var safeguardExceptions = 0

    public init(tenant: String, legalName: String, open: Int, dueWithin7Days: Int, overdue: Int, failedDeliveries: Int,
                tipsAwaitingAcknowledgement: Int, lastSchedulerPass: Date?) {
        self.tenant = tenant
        self.legalName = legalName
        self.open = open
        self.dueWithin7Days = dueWithin7Days
        self.overdue = overdue
        self.failedDeliveries = failedDeliveries
        self.tipsAwaitingAcknowledgement = tipsAwaitingAcknowledgement
        self.lastSchedulerPass = lastSchedulerPass
    }

    enum CodingKeys: String, CodingKey {
        case tenant, open, overdue
        case legalName = "legal_name"
        case dueWithin7Days = "due_within_7_days"
        case failedDeliveries = "failed_deliveries"
        case tipsAwaitingAcknowledgement = "tips_awaiting_acknowledgement"
        case lastSchedulerPass = "last_scheduler_pass"
        case safeguardExceptions = "safeguard_exceptions"
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
        let hires = Set(fetched.compactMap { $0.1.hasPrefix("hire/") ? String($0.1.dropFirst(5)) : nil })
        let routing = try await RoutingRepository().routing(hires: Array(hires), context: context, connection: connection, logger: logger)
        var items: [AgendaItem] = []
        items.reserveCapacity(fetched.count)
        for (kind, subject, due, cycle, key, created) in fetched {
            let reminders = try plannedReminders(kind: kind, subject: subject, due: due, createdAt: created, context: context,
                                                 sendTime: sendTime, window: from...until)
            var item = AgendaItem(kind: kind, subject: subject, dueDate: due, cycle: cycle, sourceKey: key, reminders: reminders)
            if let kind = ObligationKind(rawValue: kind), let subject = Self.subject(subject) {
                item.responsible = routing.responsible(assignees: routing.assignees(kind: kind, subject: subject, cycleKey: cycle))
            }
            items.append(item)
        }
        return items
    }

    private func plannedReminders(
        kind: String, subject: String, due: String, createdAt: Date, context: TenantContext,
        sendTime: LocalSendTime, window: ClosedRange<CivilDate>
    ) throws -> [PlannedReminder] {
        guard let kind = ObligationKind(rawValue: kind), let subject = Self.subject(subject) else { return [] }
        let obligation = Obligation(kind: kind, subject: subject, dueDate: try CivilDate(iso: due), cycle: .once)
        return context.rules.settings.reminderPlan(for: kind)
            .reminders(for: obligation, createdAt: createdAt, sendTime: sendTime, within: window, ladder: context.rules.settings.escalation)
            .map { PlannedReminder(stage: $0.stage.key, sendAt: UTCTimestamp.format($0.sendAt), recipients: $0.recipients.map(\.rawValue)) }
    }

    /// `hire/E-1` as a subject.
    private static func subject(_ text: String) -> Subject? {
        guard let slash = text.firstIndex(of: "/"), let kind = Subject.Kind(rawValue: String(text[..<slash])) else { return nil }
        return Subject(kind, String(text[text.index(after: slash)...]))
    }

    /// Every visible enabled tenant's counts, worst first (failed deliveries, overdue, then
    /// due soon): one set-based query, whatever the number of tenants.
    public func status(today: CivilDate, connection: PostgresConnection, logger: Logger) async throws -> [TenantStatus] {
        let rows = try await connection.query("""
            WITH counts AS (
                SELECT o.tenant_id,
                       count(*) AS open,
                       count(*) FILTER (WHERE o.due_on >= \(today.description)::date
                                          AND o.due_on < \(today.adding(days: 7).description)::date) AS due_soon,
                       count(*) FILTER (WHERE o.due_on < \(today.description)::date) AS overdue
                FROM attest.obligations AS o WHERE o.state = 'open' GROUP BY o.tenant_id)
            SELECT t.slug, t.legal_name, coalesce(c.open, 0), coalesce(c.due_soon, 0), coalesce(c.overdue, 0),
                   (SELECT count(*) FROM attest.deliveries AS d WHERE d.tenant_id = t.id AND d.state IN ('failed', 'unknown')),
                   (SELECT count(*) FROM attest.tips AS p WHERE p.tenant_id = t.id AND p.status = 'received'),
                   (SELECT s.passed_at FROM attest.scheduler_passes AS s WHERE s.tenant_id = t.id),
                   (SELECT count(*) FROM attest.hire_exceptions AS x WHERE x.tenant_id = t.id)
            FROM attest.tenants AS t
            LEFT JOIN counts AS c ON c.tenant_id = t.id
            WHERE t.disabled_at IS NULL
            ORDER BY 6 DESC, 5 DESC, 4 DESC, t.slug
            """, logger: logger)
        return try await rows.decode((String, String, Int, Int, Int, Int, Int, Date?, Int).self).reduce(into: []) {
            var status = TenantStatus(tenant: $1.0, legalName: $1.1, open: $1.2, dueWithin7Days: $1.3, overdue: $1.4, failedDeliveries: $1.5,
                                      tipsAwaitingAcknowledgement: $1.6, lastSchedulerPass: $1.7)
            status.safeguardExceptions = $1.8
            $0.append(status)
        }
    }
}

/// A fast `YYYY-MM-DDTHH:MM:SSZ` formatter (Foundation's ISO 8601 formatting dominated
/// the agenda's time for large windows).
public enum UTCTimestamp {
    /// `instant` as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(CivilDate(dayNumber: Int32(days)).description)T\(two(second / 3_600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
    }
}
