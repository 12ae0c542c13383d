import Compliance
import Foundation
import PostgresNIO

/// A pending reminder whose send time has come, locked for grouping.
struct WaitingReminder {
    let id: UUID
    let recipient: String
    let uniqueKey: SchedulerRepository.PlannedReminder.UniqueKey
}

/// A planned reminder as it is inserted: pending until its send time, or already in
/// the delivery that sends it.
struct ReminderRow {
    let reminder: SchedulerRepository.PlannedReminder
    let id: UUID
    /// The delivery it goes out in; nil while it waits for its send time.
    let delivery: UUID?
}

/// The reminders one delivery will carry: waiting ones, and ones inserted into it.
struct DeliveryGroup {
    let id: UUID
    let recipient: String
    var waiting: [UUID] = []
    var inserted: [UUID] = []
}

extension SchedulerRepository {
    /// Inserts the planned reminders and groups the due ones of each recipient, planned
    /// now or waiting from an earlier pass, into one delivery (a digest when there are
    /// several). A reminder already due is inserted straight into its delivery: one row
    /// version, not a pending row updated a moment later (issue 19). Returns how many
    /// reminders were inserted (or revived from cancelled) and deliveries created.
    ///
    /// The delivery's key, and its Message-ID, derive from its reminders' ids, so the
    /// same group always makes the same delivery. A planned reminder that already exists
    /// (queued or sent: its stage was reminded already) is left as it is, and one that was
    /// cancelled comes back; so a delivery is made only for what the insert returned.
    func insertAndQueue(_ planned: [PlannedReminder], now: Date, context: TenantContext,
                        connection: PostgresConnection, logger: Logger) async throws -> (reminders: Int, deliveries: Int) {
        let waiting = try await waitingReminders(now: now, context: context, connection: connection, logger: logger)
        var groups: [String: DeliveryGroup] = [:]
        for reminder in waiting {
            groups[reminder.recipient, default: DeliveryGroup(id: UUID(), recipient: reminder.recipient)].waiting.append(reminder.id)
        }
        let rows = Self.rows(planned, besides: Set(waiting.map(\.uniqueKey)), now: now, groups: &groups)
        let inserted = try await insert(rows, context: context, connection: connection, logger: logger)
        var byID = Dictionary(uniqueKeysWithValues: groups.values.map { ($0.id, $0) })
        for (reminder, delivery) in inserted {
            if let delivery { byID[delivery]?.inserted.append(reminder) }
        }
        let made = byID.values.filter { !$0.waiting.isEmpty || !$0.inserted.isEmpty }.sorted { $0.recipient < $1.recipient }
            .map { (group: $0, key: DeliveryKey.make(recipient: $0.recipient, reminders: $0.waiting + $0.inserted)) }
        let created = try await insertDeliveries(made, now: now, context: context, connection: connection, logger: logger)
        // The waiting reminders join their delivery; so do the inserted ones of a group
        // whose key was taken already (its delivery was made before, by key).
        let links = made.flatMap { group, key in
            (group.waiting + (created.contains(group.id) ? [] : group.inserted)).map { ($0, key) }
        }
        try await link(links, context: context, connection: connection, logger: logger)
        return (inserted.count, created.count)
    }

    /// The rows to insert: each planned reminder once, a due one in its recipient's
    /// delivery, and none that is among the waiting ones already.
    private static func rows(_ planned: [PlannedReminder], besides waiting: Set<PlannedReminder.UniqueKey>, now: Date,
                             groups: inout [String: DeliveryGroup]) -> [ReminderRow] {
        var seen = waiting
        var rows: [ReminderRow] = []
        for reminder in planned where seen.insert(reminder.uniqueKey).inserted {
            let recipient = reminder.recipient.email
            if reminder.sendAt <= now, groups[recipient] == nil { groups[recipient] = DeliveryGroup(id: UUID(), recipient: recipient) }
            rows.append(ReminderRow(reminder: reminder, id: UUID(), delivery: reminder.sendAt <= now ? groups[recipient]?.id : nil))
        }
        return rows
    }

    /// The pending reminders whose send time has come, locked; one another replica is
    /// grouping is skipped.
    private func waitingReminders(now: Date, context: TenantContext, connection: PostgresConnection,
                                  logger: Logger) async throws -> [WaitingReminder] {
        let rows = try await connection.query("""
            SELECT id, recipient, obligation_id, to_char(due_on, 'YYYY-MM-DD'), stage FROM attest.reminders
            WHERE tenant_id = \(context.tenant.id) AND state = 'pending' AND send_at <= \(now)
            ORDER BY recipient, id
            FOR UPDATE SKIP LOCKED
            """, logger: logger)
        return try await rows.decode((UUID, String, UUID, String, String).self).reduce(into: []) {
            $0.append(WaitingReminder(id: $1.0, recipient: $1.1,
                                      uniqueKey: PlannedReminder.UniqueKey(obligationID: $1.2, dueOn: $1.3, stage: $1.4, recipient: $1.1)))
        }
    }

    /// Inserts the rows: pending, or queued in their delivery. One cancelled earlier (its
    /// recipient was no longer responsible) takes the new row's state again, keeping its
    /// id; one in any other state is left alone. Returns each row inserted or revived,
    /// with its delivery.
    private func insert(_ rows: [ReminderRow], context: TenantContext, connection: PostgresConnection,
                        logger: Logger) async throws -> [(UUID, UUID?)] {
        guard !rows.isEmpty else { return [] }
        let planned = rows.map(\.reminder)
        let result = try await connection.query("""
            INSERT INTO attest.reminders AS r (tenant_id, id, obligation_id, due_on, stage, recipient, recipient_role, reason,
                                               send_on, send_at, state, delivery_id)
            SELECT \(context.tenant.id), p.id, p.obligation, p.due::date, p.stage, p.recipient, p.role, p.reason, p.send_on::date, p.send_at,
                   CASE WHEN p.delivery = '' THEN 'pending' ELSE 'queued' END, NULLIF(p.delivery, '')::uuid
            FROM unnest(\(rows.map(\.id))::uuid[], \(planned.map(\.obligationID))::uuid[], \(planned.map(\.dueOn.description))::text[],
                        \(planned.map(\.stage))::text[], \(planned.map(\.recipient.email))::text[], \(planned.map(\.recipient.role.rawValue))::text[],
                        \(planned.map(\.recipient.reason))::text[], \(planned.map(\.sendOn.description))::text[],
                        \(planned.map(\.sendAt))::timestamptz[], \(rows.map { $0.delivery?.uuidString ?? "" })::text[])
                 AS p(id, obligation, due, stage, recipient, role, reason, send_on, send_at, delivery)
            ON CONFLICT (tenant_id, obligation_id, due_on, stage, recipient) DO UPDATE
                SET state = EXCLUDED.state, delivery_id = EXCLUDED.delivery_id,
                    recipient_role = EXCLUDED.recipient_role, reason = EXCLUDED.reason
                WHERE r.state = 'cancelled'
            RETURNING id, delivery_id
            """, logger: logger)
        return try await result.decode((UUID, UUID?).self).reduce(into: []) { $0.append(($1.0, $1.1)) }
    }

    /// Inserts the groups' deliveries, due now; a key made before keeps its delivery.
    /// Returns the ids of those inserted.
    private func insertDeliveries(_ made: [(group: DeliveryGroup, key: String)], now: Date, context: TenantContext,
                                  connection: PostgresConnection, logger: Logger) async throws -> Set<UUID> {
        guard !made.isEmpty else { return [] }
        let groups = made.map(\.group)
        let keys = made.map(\.key)
        let rows = try await connection.query("""
            INSERT INTO attest.deliveries (tenant_id, id, key, recipient, message_id, next_attempt_at)
            SELECT \(context.tenant.id), g.id, g.key, g.recipient, g.message_id, \(now)
            FROM unnest(\(groups.map(\.id))::uuid[], \(keys)::text[], \(groups.map(\.recipient))::text[],
                        \(keys.map { DeliveryKey.messageID(key: $0) })::text[]) AS g(id, key, recipient, message_id)
            ON CONFLICT (tenant_id, key) DO NOTHING
            RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).reduce(into: []) { $0.insert($1) }
    }

    /// Queues each reminder in the delivery of its key.
    private func link(_ links: [(UUID, String)], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws {
        guard !links.isEmpty else { return }
        try await connection.query("""
            UPDATE attest.reminders AS r SET state = 'queued', delivery_id = d.id
            FROM unnest(\(links.map(\.0))::uuid[], \(links.map(\.1))::text[]) AS l(reminder, key)
            JOIN attest.deliveries AS d ON d.tenant_id = \(context.tenant.id) AND d.key = l.key
            WHERE r.tenant_id = \(context.tenant.id) AND r.id = l.reminder
            """, logger: logger)
    }
}
