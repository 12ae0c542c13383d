import Compliance
import Foundation
import PostgresNIO

/// What one scheduler pass did.
public struct SchedulerPassReport: Sendable, Equatable {
    public var openObligations = 0
    /// Open obligations whose due date has passed (in the tenant's time zone).
    public var overdueObligations = 0
    /// Tips whose acknowledgement is overdue (the tip line's protocol slipped).
    public var overdueTipAcknowledgements = 0
    /// Open obligations planned in this pass (new, changed, or with a stage entering the look-ahead).
    public var obligationsPlanned = 0
    public var remindersCreated = 0
    public var remindersCancelled = 0
    public var deliveriesCreated = 0
    /// Deliveries whose lease had expired, returned to pending.
    public var rescued = 0
    /// Deliveries the daemon had claimed when its previous cycle failed, returned to pending.
    public var released = 0
    /// When the next pending reminder falls due, if any.
    public var nextSendAt: Date?

    public init() {}
}

/// Turns a tenant's open obligations into reminders and due reminders into
/// deliveries: every query of the scheduler. The schedule lives in the tables, never
/// in memory, so a restart, a pause or a second replica finds the same work.
public struct SchedulerRepository: Sendable {
    /// How far ahead reminders are materialised.
    public static let lookahead: TimeInterval = 36 * 3_600

    public init() {}

    /// One pass in the caller's tenant transaction at instant `now`.
    public func pass(now: Date, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> SchedulerPassReport {
        var report = SchedulerPassReport()
        let horizon = now.addingTimeInterval(Self.lookahead)
        (report.openObligations, report.overdueObligations, report.overdueTipAcknowledgements)
            = try await counts(now: now, context: context, connection: connection, logger: logger)
        let due = try await obligationsToPlan(horizon: horizon, context: context, connection: connection, logger: logger)
        report.obligationsPlanned = due.count
        var planned: [PlannedReminder] = []
        if !due.isEmpty {
            let hires = due.filter { $0.obligation.subject.kind == .hire }.map(\.obligation.subject.id)
            let routing = try await RoutingRepository().routing(hires: Array(Set(hires)), context: context, connection: connection, logger: logger)
            let cursors: [PlanningCursor]
            (planned, cursors) = try plan(due, now: now, horizon: horizon, routing: routing, context: context)
            let replanned = try await pendingReminders(of: due.filter { $0.plannedUntil == nil }.map(\.id),
                                                       context: context, connection: connection, logger: logger)
            let plannedKeys = Set(planned.map(\.key))
            report.remindersCancelled += try await cancel(replanned.filter { !plannedKeys.contains($0.key) }.map(\.id),
                                                          context: context, connection: connection, logger: logger)
            try await advance(cursors, plannedUntil: horizon, context: context, connection: connection, logger: logger)
        }
        report.remindersCancelled += try await cancelUnwanted(context: context, connection: connection, logger: logger)
        (report.remindersCreated, report.deliveriesCreated)
            = try await insertAndQueue(planned, now: now, context: context, connection: connection, logger: logger)
        report.nextSendAt = try await nextSendAt(context: context, connection: connection, logger: logger)
        try await recordPass(now: now, context: context, connection: connection, logger: logger)
        return report
    }

    struct OpenObligation {
        let id: UUID
        let obligation: Obligation
        /// The obligation's cycle key (`once`, a year, a date).
        let cycleKey: String
        let createdAt: Date
        /// Reminders up to this instant were planned already (nil: none yet).
        var plannedUntil: Date? = nil
    }

    /// Where an obligation's planning stands after a pass: the first stage beyond the
    /// look-ahead (`.distantFuture` when there is none).
    struct PlanningCursor {
        let obligationID: UUID
        let nextAt: Date
    }

    struct PlannedReminder {
        /// What makes a reminder the same one when an obligation is planned again.
        struct Key: Hashable {
            let obligationID: UUID
            let stage: String
            let recipient: String
        }

        let obligationID: UUID
        let dueOn: CivilDate
        let stage: String
        let recipient: ReminderRecipient
        let sendOn: CivilDate
        let sendAt: Date

        var key: Key { Key(obligationID: obligationID, stage: stage, recipient: recipient.email) }
        /// The reminders table's unique key (with the due date).
        var uniqueKey: UniqueKey { UniqueKey(obligationID: obligationID, dueOn: dueOn.description, stage: stage, recipient: recipient.email) }

        /// The reminders table's unique key: one reminder per obligation, due date, stage and recipient.
        struct UniqueKey: Hashable {
            let obligationID: UUID
            let dueOn: String
            let stage: String
            let recipient: String
        }
    }

    /// How many obligations are open, and how many of those are overdue.
    private func counts(now: Date, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> (Int, Int, Int) {
        let today = try context.rules.sendTime().civilDate(of: now)
        let rows = try await connection.query("""
            SELECT count(*), count(*) FILTER (WHERE due_on < \(today.description)::date),
                   count(*) FILTER (WHERE due_on < \(today.description)::date AND kind = \(ObligationKind.tipAcknowledge.rawValue))
            FROM attest.obligations WHERE tenant_id = \(context.tenant.id) AND state = 'open'
            """, logger: logger)
        for try await (open, overdue, tips) in rows.decode((Int, Int, Int).self) { return (open, overdue, tips) }
        return (0, 0, 0)
    }

    /// The open obligations with something to plan: never planned (or reset by a
    /// change), or with a stage entering the look-ahead. Read through the planning
    /// table's (tenant, next stage) index, so a pass with nothing to plan reads nothing.
    /// The cursors are locked until the pass commits: a reset meanwhile (a contact
    /// added) waits and then applies, and a row being reset or planned by another
    /// replica is skipped (the reset's notification brings the next pass).
    private func obligationsToPlan(horizon: Date, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [OpenObligation] {
        let rows = try await connection.query("""
            SELECT o.id, o.kind, o.subject_kind, o.subject_id, to_char(o.due_on, 'YYYY-MM-DD'), o.cycle, o.created_at, p.planned_until
            FROM attest.reminder_planning AS p
            JOIN attest.obligations AS o ON o.tenant_id = p.tenant_id AND o.id = p.obligation_id
            WHERE p.tenant_id = \(context.tenant.id) AND (p.next_at IS NULL OR p.next_at <= \(horizon)) AND o.state = 'open'
            FOR NO KEY UPDATE OF p SKIP LOCKED
            """, logger: logger)
        var result: [OpenObligation] = []
        for try await (id, kind, subjectKind, subjectID, due, cycle, created, plannedUntil)
                in rows.decode((UUID, String, String, String, String, String, Date, Date?).self) {
            guard let kind = ObligationKind(rawValue: kind), let subjectKind = Subject.Kind(rawValue: subjectKind) else { continue }
            let obligation = Obligation(kind: kind, subject: Subject(subjectKind, subjectID), dueDate: try CivilDate(iso: due))
            result.append(OpenObligation(id: id, obligation: obligation, cycleKey: cycle, createdAt: created, plannedUntil: plannedUntil))
        }
        return result
    }

    /// Records how far each planned obligation's reminders now reach, in the planning
    /// table only: the obligations are not written, so nothing notifies their tenant.
    /// (The row of an obligation closed meanwhile is gone and stays gone.)
    private func advance(_ cursors: [PlanningCursor], plannedUntil: Date, context: TenantContext,
                         connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE attest.reminder_planning AS p
            SET planned_until = \(plannedUntil),
                next_at = CASE WHEN c.next_at >= '4000-01-01' THEN 'infinity' ELSE c.next_at END
            FROM unnest(\(cursors.map(\.obligationID))::uuid[], \(cursors.map(\.nextAt))::timestamptz[]) AS c(id, next_at)
            WHERE p.tenant_id = \(context.tenant.id) AND p.obligation_id = c.id
            """, logger: logger)
    }

    /// Per obligation: the latest stage that fell due since the last planning (missed
    /// earlier stages are not sent: after a pause the backlog goes out once) and the
    /// stages due within the look-ahead, for every recipient the escalation ladder and
    /// the routing name at each stage; and where each obligation's planning stands
    /// afterwards.
    func plan(_ open: [OpenObligation], now: Date, horizon: Date, routing: ReminderRouting,
              context: TenantContext) throws -> ([PlannedReminder], [PlanningCursor]) {
        let sendTime = try context.rules.sendTime()
        var planned: [PlannedReminder] = []
        var cursors: [PlanningCursor] = []
        for item in open {
            let reminders = context.rules.settings.reminderPlan(for: item.obligation.kind)
                .reminders(for: item.obligation, createdAt: item.createdAt, sendTime: sendTime, ladder: context.rules.settings.escalation)
            let plannedUntil = item.plannedUntil ?? .distantPast
            let unplanned = reminders.filter { $0.sendAt > plannedUntil }
            let latestPast = unplanned.filter { $0.sendAt <= now }.max { $0.sendAt < $1.sendAt }
            let upcoming = unplanned.filter { $0.sendAt > now && $0.sendAt <= horizon }
            let chosen = (latestPast.map { [$0] } ?? []) + upcoming
            let assignees = chosen.isEmpty ? []
                : routing.assignees(kind: item.obligation.kind, subject: item.obligation.subject, cycleKey: item.cycleKey)
            for reminder in chosen {
                for recipient in routing.recipients(roles: reminder.recipients, assignees: assignees) {
                    planned.append(PlannedReminder(obligationID: item.id, dueOn: item.obligation.dueDate, stage: reminder.stage.key,
                                                   recipient: recipient, sendOn: reminder.sendDate, sendAt: reminder.sendAt))
                }
            }
            let next = reminders.lazy.filter { $0.sendAt > horizon }.map(\.sendAt).min() ?? .distantFuture
            cursors.append(PlanningCursor(obligationID: item.id, nextAt: next))
        }
        return (planned, cursors)
    }

    /// The pending reminders of obligations planned again from scratch (who is
    /// responsible changed, or a contact, a setting …), read before the new plan is
    /// inserted: the plan is the whole truth about them, so those it no longer names (a
    /// preparer reassigned, a contact removed) are cancelled. Compared in memory, by key:
    /// a plan made in SQL right after the insert saw statistics without the new rows, and
    /// an anti-join planned on them re-read the whole plan for every reminder (117 s for
    /// a tenant of 20,000 contacts beside 200,000 older reminders).
    private func pendingReminders(of obligations: [UUID], context: TenantContext, connection: PostgresConnection,
                                  logger: Logger) async throws -> [(id: UUID, key: PlannedReminder.Key)] {
        guard !obligations.isEmpty else { return [] }
        let rows = try await connection.query("""
            SELECT id, obligation_id, stage, recipient FROM attest.reminders
            WHERE tenant_id = \(context.tenant.id) AND state = 'pending' AND obligation_id = ANY(\(obligations)::uuid[])
            """, logger: logger)
        return try await rows.decode((UUID, UUID, String, String).self).reduce(into: []) {
            $0.append(($1.0, PlannedReminder.Key(obligationID: $1.1, stage: $1.2, recipient: $1.3)))
        }
    }

    /// Cancels these pending reminders (by primary key).
    private func cancel(_ ids: [UUID], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let rows = try await connection.query("""
            UPDATE attest.reminders SET state = 'cancelled'
            WHERE tenant_id = \(context.tenant.id) AND id = ANY(\(ids)::uuid[]) AND state = 'pending'
            RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).reduce(0) { count, _ in count + 1 }
    }

    /// Reminders not yet sent whose obligation closed or whose due date moved: pending
    /// ones, and queued ones whose delivery waits (pending, failed or unknown; one being
    /// sent is left to its outcome). A sent delivery's reminders stay `queued`, its state
    /// being theirs, so they are found through the waiting deliveries, never by reading
    /// every queued reminder of the tenant's history; and a reminder is written only when
    /// it is cancelled (a semi-join by id re-read each live one: 400 ms for a backlog of
    /// 20,000 deliveries, where this takes 100 ms).
    private func cancelUnwanted(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> Int {
        let tenant = context.tenant.id
        let rows = try await connection.query("""
            UPDATE attest.reminders AS r SET state = 'cancelled'
            FROM (SELECT live.id FROM (
                      SELECT id, obligation_id, due_on FROM attest.reminders WHERE tenant_id = \(tenant) AND state = 'pending'
                      UNION ALL
                      SELECT q.id, q.obligation_id, q.due_on FROM attest.deliveries AS d
                      JOIN attest.reminders AS q ON q.tenant_id = d.tenant_id AND q.delivery_id = d.id AND q.state = 'queued'
                      WHERE d.tenant_id = \(tenant) AND (d.state = 'pending' OR d.state IN ('failed', 'unknown'))) AS live
                  JOIN attest.obligations AS o ON o.tenant_id = \(tenant) AND o.id = live.obligation_id
                  WHERE o.state <> 'open' OR o.due_on <> live.due_on) AS unwanted
            WHERE r.tenant_id = \(tenant) AND r.id = unwanted.id AND r.state IN ('pending', 'queued')
            RETURNING r.id
            """, logger: logger)
        return try await rows.decode(UUID.self).reduce(0) { count, _ in count + 1 }
    }

    /// Stamps the tenant's last pass (the console shows a tenant whose daemon stopped),
    /// at most every 15 seconds so that a busy tenant does not rewrite the row each pass,
    /// and never waiting: a row another replica is stamping is skipped.
    private func recordPass(now: Date, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE attest.scheduler_passes AS s SET passed_at = \(now)
            WHERE s.tenant_id = (SELECT p.tenant_id FROM attest.scheduler_passes AS p
                                 WHERE p.tenant_id = \(context.tenant.id)
                                   AND (p.passed_at IS NULL OR p.passed_at < \(now) - interval '15 seconds')
                                 FOR UPDATE SKIP LOCKED)
            """, logger: logger)
    }

    private func nextSendAt(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> Date? {
        let rows = try await connection.query("""
            SELECT min(send_at) FROM attest.reminders WHERE tenant_id = \(context.tenant.id) AND state = 'pending'
            """, logger: logger)
        for try await next in rows.decode(Date?.self) { return next }
        return nil
    }
}

/// Keys and Message-IDs of deliveries, derived from their content.
public enum DeliveryKey {
    /// A stable key for the delivery of `reminders` to `recipient` (order-independent).
    public static func make(recipient: String, reminders: [UUID]) -> String {
        let text = recipient.lowercased() + "|" + reminders.map { $0.uuidString.lowercased() }.sorted().joined(separator: ",")
        return hex(fnv1a(text, seed: 0xcbf2_9ce4_8422_2325)) + hex(fnv1a(text, seed: 0x8422_2325_cbf2_9ce4))
    }

    /// The Message-ID of the delivery with this key: the same across retries.
    public static func messageID(key: String) -> String { "<\(key)@attest.invalid>" }

    private static func fnv1a(_ text: String, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// The 16 hex digits of `value`, most significant first.
    private static func hex(_ value: UInt64) -> String {
        withUnsafeBytes(of: value.bigEndian) { $0.hexDigits }
    }
}
