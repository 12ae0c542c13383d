import Compliance
import Foundation
import PostgresNIO

/// People and their trainings: every query on `attest.people` and `attest.trainings`.
public struct PeopleRepository: Sendable {
    public init() {}

    /// Inserts or updates people by external id; returns the ids that changed.
    public func save(_ people: [PersonRecord], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [String] {
        for person in people {
            guard RecordRules.isIdentifier(person.externalID) else {
                throw RecordViolation(field: "person_id", "\"\(person.externalID)\" is not an id (letters, digits, . _ -; at most 64)")
            }
            guard !person.name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw RecordViolation(field: "name", "person \(person.externalID) has no name")
            }
        }
        guard !people.isEmpty else { return [] }
        let rows = try await connection.query("""
            INSERT INTO attest.people AS p (tenant_id, external_id, name, email, roles)
            SELECT \(context.tenant.id), r.id, r.name, NULLIF(r.email, ''), COALESCE(string_to_array(NULLIF(r.roles, ''), ','), '{}')
            FROM unnest(\(people.map(\.externalID))::text[], \(people.map(\.name))::text[], \(people.map { $0.email ?? "" })::text[],
                        \(people.map { $0.roles.map(\.rawValue).joined(separator: ",") })::text[]) AS r(id, name, email, roles)
            ON CONFLICT (tenant_id, external_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, roles = EXCLUDED.roles
            WHERE (p.name, p.email, p.roles) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.email, EXCLUDED.roles)
            RETURNING p.external_id
            """, logger: logger)
        let changed = try await rows.decode(String.self).reduce(into: [String]()) { $0.append($1) }
        try await EventLog.append(changed.map { Event(action: "person.saved", subjectKind: "person", subjectID: $0) },
                                  context: context, connection: connection, logger: logger)
        return changed
    }

    /// Records training completions (idempotent) and reconciles each person's
    /// training-renewal obligations: every completion's renewal is due 12 months
    /// later and is done once a newer training is completed.
    public func saveTrainings(_ trainings: [TrainingRecord], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        guard !trainings.isEmpty else { return ReconcileReport() }
        let rows = try await connection.query("""
            INSERT INTO attest.trainings (tenant_id, person_id, completed_on, curriculum)
            SELECT \(context.tenant.id), r.person, r.done::date, NULLIF(r.curriculum, '')
            FROM unnest(\(trainings.map(\.personID))::text[], \(trainings.map(\.completedOn.description))::text[],
                        \(trainings.map { $0.curriculum ?? "" })::text[]) AS r(person, done, curriculum)
            ON CONFLICT (tenant_id, person_id, completed_on) DO NOTHING
            RETURNING person_id, to_char(completed_on, 'YYYY-MM-DD')
            """, logger: logger)
        var events: [Event] = []
        for try await (person, day) in rows.decode((String, String).self) {
            events.append(Event(action: "training.completed", subjectKind: "person", subjectID: person, details: ["completed_on": day]))
        }
        try await EventLog.append(events, context: context, connection: connection, logger: logger)
        let people = Array(Set(trainings.map(\.personID))).sorted()
        let all = try await self.trainings(of: people, context: context, connection: connection, logger: logger)
        var derived: [Obligation] = [], completions: [Completion] = []
        for person in people {
            let dates = (all[person] ?? []).sorted()
            for (index, date) in dates.enumerated() {
                let obligation = context.rules.obligation(for: TrainingCompletion(personID: person, completedOn: date))
                derived.append(obligation)
                if index + 1 < dates.count {
                    completions.append(Completion(sourceKey: obligation.sourceKey, on: dates[index + 1], evidence: "training completed \(dates[index + 1])"))
                }
            }
        }
        return try await ObligationStore.reconcile(
            subjects: people.map { Subject(.person, $0) }, derived: derived, completions: completions,
            context: context, connection: connection, logger: logger)
    }

    /// Every recorded training of the tenant, as records (for a recompute).
    public func allTrainings(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [TrainingRecord] {
        let rows = try await connection.query("""
            SELECT person_id, to_char(completed_on, 'YYYY-MM-DD') FROM attest.trainings
            WHERE tenant_id = \(context.tenant.id) ORDER BY person_id, completed_on
            """, logger: logger)
        var records: [TrainingRecord] = []
        for try await (person, day) in rows.decode((String, String).self) {
            records.append(TrainingRecord(personID: person, completedOn: try CivilDate(iso: day)))
        }
        return records
    }

    /// The ids among `ids` that are people of the tenant.
    public func existing(_ ids: [String], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.query("""
            SELECT external_id FROM attest.people WHERE tenant_id = \(context.tenant.id) AND external_id = ANY(\(Array(Set(ids)))::text[])
            """, logger: logger)
        return try await rows.decode(String.self).reduce(into: []) { $0.insert($1) }
    }

    /// Training completion dates by person id.
    public func trainings(of people: [String], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [String: [CivilDate]] {
        guard !people.isEmpty else { return [:] }
        let rows = try await connection.query("""
            SELECT person_id, to_char(completed_on, 'YYYY-MM-DD') FROM attest.trainings
            WHERE tenant_id = \(context.tenant.id) AND person_id = ANY(\(people)::text[])
            """, logger: logger)
        var result: [String: [CivilDate]] = [:]
        for try await (person, day) in rows.decode((String, String).self) {
            result[person, default: []].append(try CivilDate(iso: day))
        }
        return result
    }
}
