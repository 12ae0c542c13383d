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
    public static func reconcile(
        subjects: [Subject],
        derived: [Obligation],
        completions: [Completion],
        context: TenantContext,
        connection: PostgresConnection,
        logger: Logger
    ) async throws -> ReconcileReport {
        var report = ReconcileReport()
        (report.inserted, report.moved) = try await upsert(derived, tenant: context.tenant.id, connection: connection, logger: logger)
        report.cancelled = try await cancelVanished(subjects: subjects, keeping: derived.map(\.sourceKey),
                                                    tenant: context.tenant.id, connection: connection, logger: logger)
        report.completed = try await complete(completions, tenant: context.tenant.id, connection: connection, logger: logger)
        return report
    }

    private static func upsert(_ derived: [Obligation], tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> (Int, Int) {
        guard !derived.isEmpty else { return (0, 0) }
        let rows = try await connection.query("""
            INSERT INTO attest.obligations AS o (tenant_id, source_key, kind, subject_kind, subject_id, cycle, due_on)
            SELECT \(tenant), d.source_key, d.kind, d.subject_kind, d.subject_id, d.cycle, d.due_on::date
            FROM unnest(\(derived.map(\.sourceKey))::text[], \(derived.map(\.kind.rawValue))::text[],
                        \(derived.map(\.subject.kind.rawValue))::text[], \(derived.map(\.subject.id))::text[],
                        \(derived.map(\.cycle.key))::text[], \(derived.map(\.dueDate.description))::text[])
                 AS d(source_key, kind, subject_kind, subject_id, cycle, due_on)
            ON CONFLICT (tenant_id, source_key) DO UPDATE
                SET due_on = EXCLUDED.due_on, state = 'open', updated_at = now()
                WHERE (o.state = 'open' AND o.due_on <> EXCLUDED.due_on) OR o.state = 'cancelled'
            RETURNING (xmax = 0)
            """, logger: logger)
        var inserted = 0, moved = 0
        for try await isInsert in rows.decode(Bool.self) {
            if isInsert { inserted += 1 } else { moved += 1 }
        }
        return (inserted, moved)
    }

    private static func cancelVanished(
        subjects: [Subject], keeping keys: [String], tenant: UUID, connection: PostgresConnection, logger: Logger
    ) async throws -> Int {
        guard !subjects.isEmpty else { return 0 }
        let rows = try await connection.query("""
            WITH subjects AS (SELECT * FROM unnest(\(subjects.map(\.kind.rawValue))::text[], \(subjects.map(\.id))::text[]) AS s(kind, id)),
                 kept AS (SELECT * FROM unnest(\(keys)::text[]) AS k(key))
            UPDATE attest.obligations AS o SET state = 'cancelled', updated_at = now()
            FROM subjects AS s
            WHERE o.tenant_id = \(tenant) AND o.state = 'open'
              AND o.subject_kind = s.kind AND o.subject_id = s.id
              AND NOT EXISTS (SELECT 1 FROM kept WHERE kept.key = o.source_key)
            RETURNING o.id
            """, logger: logger)
        return try await rows.decode(UUID.self).reduce(0) { count, _ in count + 1 }
    }

    private static func complete(_ completions: [Completion], tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> Int {
        guard !completions.isEmpty else { return 0 }
        let rows = try await connection.query("""
            UPDATE attest.obligations AS o
            SET state = 'done', completed_on = c.done_on::date, evidence = c.evidence, updated_at = now()
            FROM unnest(\(completions.map(\.sourceKey))::text[], \(completions.map(\.on.description))::text[],
                        \(completions.map(\.evidence))::text[]) AS c(source_key, done_on, evidence)
            WHERE o.tenant_id = \(tenant) AND o.source_key = c.source_key AND o.state = 'open'
            RETURNING o.id
            """, logger: logger)
        return try await rows.decode(UUID.self).reduce(0) { count, _ in count + 1 }
    }
}
