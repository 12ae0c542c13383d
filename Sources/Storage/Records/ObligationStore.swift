import Compliance
import Foundation
import PostgresNIO

/// Work recorded as done: completes the open obligation with this source key.
public struct Completion: Sendable, Equatable {
    public var sourceKey: String
    public var on: CivilDate
    /// What shows it was done (e.g. `i9:section2 by P-7`).
    public var evidence: String

    public init(sourceKey: String, on: CivilDate, evidence: String) {
        self.sourceKey = sourceKey
        self.on = on
        self.evidence = evidence
    }
}

/// What a reconciliation changed.
public struct ReconcileReport: Sendable, Equatable {
    public var inserted = 0
    public var moved = 0
    public var cancelled = 0
    public var completed = 0

    /// Whether nothing changed.
    public var isEmpty: Bool { inserted == 0 && moved == 0 && cancelled == 0 && completed == 0 }

    public init() {}
}

/// Keeps `attest.obligations` equal to what the rules derive from the records.
///
/// For a set of subjects, in the caller's transaction: obligations the rules derive
/// are inserted, those whose due date moved are updated (a cancelled one that comes
/// back reopens), open ones the rules no longer derive are cancelled (kept, not
/// deleted), and recorded work completes its obligation. Running it twice changes
/// nothing. Every statement handles a whole batch (arrays through `unnest`).
public enum ObligationStore {
    /// - Parameter completions: work done; each must name the source key of one of
    ///   `derived` (recorded work completes what the rules derive).
    public static func reconcile(
        subjects: [Subject],
        derived: [Obligation],
        completions: [Completion],
        context: TenantContext,
        connection: PostgresConnection,
        logger: Logger
    ) async throws -> ReconcileReport {
        var report = try await upsert(derived, completions: completions, tenant: context.tenant.id, connection: connection, logger: logger)
        report.cancelled = try await cancelVanished(subjects: subjects, keeping: derived.map(\.sourceKey),
                                                    tenant: context.tenant.id, connection: connection, logger: logger)
        return report
    }

    /// Inserts new obligations (already done when the records say so), moves due
    /// dates, reopens cancelled ones the rules derive again, and completes open ones
    /// that recorded work proves done, in one statement. Done ones stay as they are.
    private static func upsert(
        _ derived: [Obligation], completions: [Completion], tenant: UUID, connection: PostgresConnection, logger: Logger
    ) async throws -> ReconcileReport {
        var report = ReconcileReport()
        guard !derived.isEmpty else { return report }
        let done = Dictionary(completions.map { ($0.sourceKey, $0) }, uniquingKeysWith: { first, _ in first })
        let rows = try await connection.query("""
            INSERT INTO attest.obligations AS o (tenant_id, source_key, kind, subject_kind, subject_id, cycle, due_on,
                                                 state, completed_on, evidence)
            SELECT \(tenant), d.source_key, d.kind, d.subject_kind, d.subject_id, d.cycle, d.due_on::date,
                   CASE WHEN d.done_on = '' THEN 'open' ELSE 'done' END, NULLIF(d.done_on, '')::date, NULLIF(d.evidence, '')
            FROM unnest(\(derived.map(\.sourceKey))::text[], \(derived.map(\.kind.rawValue))::text[],
                        \(derived.map(\.subject.kind.rawValue))::text[], \(derived.map(\.subject.id))::text[],
                        \(derived.map(\.cycle.key))::text[], \(derived.map(\.dueDate.description))::text[],
                        \(derived.map { done[$0.sourceKey]?.on.description ?? "" })::text[],
                        \(derived.map { done[$0.sourceKey]?.evidence ?? "" })::text[])
                 AS d(source_key, kind, subject_kind, subject_id, cycle, due_on, done_on, evidence)
            ON CONFLICT (tenant_id, source_key) DO UPDATE
                SET due_on = EXCLUDED.due_on, state = EXCLUDED.state, completed_on = EXCLUDED.completed_on,
                    evidence = EXCLUDED.evidence, updated_at = now()
                WHERE o.state = 'cancelled'
                   OR (o.state = 'open' AND (o.due_on <> EXCLUDED.due_on OR EXCLUDED.state = 'done'))
            RETURNING (xmax = 0), o.state
            """, logger: logger)
        for try await (isInsert, state) in rows.decode((Bool, String).self) {
            if isInsert { report.inserted += 1 } else if state == "open" { report.moved += 1 }
            if state == "done" { report.completed += 1 }
        }
        return report
    }

    /// Cancels the subjects' open obligations whose source key the rules no longer derive.
    /// The set difference is taken here, in a hash set: in SQL the planner chose, by its
    /// estimates, an anti-join or a sub-plan that re-read the whole key list for every
    /// open obligation (quadratic: minutes for 100,000 hires).
    private static func cancelVanished(
        subjects: [Subject], keeping keys: [String], tenant: UUID, connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        guard !subjects.isEmpty else { return 0 }
        let kept = Set(keys)
        let rows = try await connection.query("""
            WITH subjects AS (SELECT * FROM unnest(\(subjects.map(\.kind.rawValue))::text[], \(subjects.map(\.id))::text[]) AS s(kind, id))
            SELECT o.id, o.source_key FROM attest.obligations AS o
            JOIN subjects AS s ON o.subject_kind = s.kind AND o.subject_id = s.id
            WHERE o.tenant_id = \(tenant) AND o.state = 'open'
            """, logger: logger)
        var vanished: [UUID] = []
        for try await (id, key) in rows.decode((UUID, String).self) where !kept.contains(key) {
            vanished.append(id)
        }
        guard !vanished.isEmpty else { return 0 }
        let cancelled = try await connection.query("""
            UPDATE attest.obligations SET state = 'cancelled', updated_at = now()
            WHERE tenant_id = \(tenant) AND id = ANY(\(vanished)::uuid[]) AND state = 'open'
            RETURNING id
            """, logger: logger)
        return try await cancelled.decode(UUID.self).reduce(0) { count, _ in count + 1 }
    }

    /// Completes the open obligations of `kind` (of one subject, or of any) that a new
    /// cycle supersedes: a policy reviewed again, a new curriculum version published.
    /// The current cycle's obligation (`current`, a source key) stays open.
    public static func completeSuperseded(
        kind: ObligationKind, subject: Subject?, keeping current: String, on date: CivilDate, evidence: String,
        context: TenantContext, connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        let rows = try await connection.query("""
            UPDATE attest.obligations SET state = 'done', completed_on = \(date.description)::date, evidence = \(evidence), updated_at = now()
            WHERE tenant_id = \(context.tenant.id) AND kind = \(kind.rawValue) AND state = 'open' AND source_key <> \(current)
              AND (\(subject?.kind.rawValue ?? "")  = '' OR (subject_kind = \(subject?.kind.rawValue ?? "") AND subject_id = \(subject?.id ?? "")))
            RETURNING id
            """, logger: logger)
        return try await rows.decode(UUID.self).reduce(0) { count, _ in count + 1 }
    }
}
