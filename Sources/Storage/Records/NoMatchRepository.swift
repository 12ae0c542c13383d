import Compliance
import Foundation
import PostgresNIO

/// A no-match letter (SSA, SSNVS, an agency letter) and its documented resolution.
public struct NoMatchLetterRecord: Sendable, Equatable {
    public var letterID: String
    public var receivedOn: CivilDate
    /// The hire it concerns (employee id), if known.
    public var hireID: String?
    public var source = "ssa"
    public var steps = ""
    public var acknowledgedOn: CivilDate?
    public var resolvedOn: CivilDate?
    /// What was done to resolve it definitively.
    public var resolution: String?
    /// Where the evidence is kept (document id, file reference).
    public var evidenceReference: String?

    public init(letterID: String, receivedOn: CivilDate) {
        self.letterID = letterID
        self.receivedOn = receivedOn
    }
}

/// No-match letters: every query on `attest.nomatch_letters`.
public struct NoMatchRepository: Sendable {
    public init() {}

    /// Checks, stores and reconciles letters (acknowledge and resolve obligations).
    public func save(_ letters: [NoMatchLetterRecord], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        for letter in letters {
            if let violation = Self.violations(of: letter).first {
                throw RecordViolation(field: violation.field, "letter \(letter.letterID): \(violation.message)")
            }
        }
        guard !letters.isEmpty else { return ReconcileReport() }
        let rows = try await connection.query("""
            INSERT INTO attest.nomatch_letters AS l (tenant_id, letter_id, received_on, hire_id, source, steps,
                acknowledged_on, resolved_on, resolution, evidence_ref)
            SELECT \(context.tenant.id), r.id, r.received::date, NULLIF(r.hire, ''), r.source, r.steps,
                   NULLIF(r.acknowledged, '')::date, NULLIF(r.resolved, '')::date, NULLIF(r.resolution, ''), NULLIF(r.evidence, '')
            FROM unnest(\(letters.map(\.letterID))::text[], \(letters.map(\.receivedOn.description))::text[],
                        \(letters.map { $0.hireID ?? "" })::text[], \(letters.map(\.source))::text[], \(letters.map(\.steps))::text[],
                        \(letters.map { text($0.acknowledgedOn) })::text[], \(letters.map { text($0.resolvedOn) })::text[],
                        \(letters.map { $0.resolution ?? "" })::text[], \(letters.map { $0.evidenceReference ?? "" })::text[])
                 AS r(id, received, hire, source, steps, acknowledged, resolved, resolution, evidence)
            ON CONFLICT (tenant_id, letter_id) DO UPDATE SET
                received_on = EXCLUDED.received_on, hire_id = EXCLUDED.hire_id, source = EXCLUDED.source, steps = EXCLUDED.steps,
                acknowledged_on = EXCLUDED.acknowledged_on, resolved_on = EXCLUDED.resolved_on,
                resolution = EXCLUDED.resolution, evidence_ref = EXCLUDED.evidence_ref
            WHERE (l.received_on, l.hire_id, l.source, l.steps, l.acknowledged_on, l.resolved_on, l.resolution, l.evidence_ref)
                IS DISTINCT FROM (EXCLUDED.received_on, EXCLUDED.hire_id, EXCLUDED.source, EXCLUDED.steps,
                   EXCLUDED.acknowledged_on, EXCLUDED.resolved_on, EXCLUDED.resolution, EXCLUDED.evidence_ref)
            RETURNING l.letter_id
            """, logger: logger)
        let changed = try await rows.decode(String.self).reduce(into: [String]()) { $0.append($1) }
        try await EventLog.append(changed.map { Event(action: "nomatch.saved", subjectKind: "nomatch_letter", subjectID: $0) },
                                  context: context, connection: connection, logger: logger)
        var derived: [Obligation] = [], completions: [Completion] = []
        for letter in letters {
            for obligation in context.rules.obligations(for: NoMatchLetter(id: letter.letterID, receivedOn: letter.receivedOn)) {
                derived.append(obligation)
                let done: CivilDate? = obligation.kind == .noMatchAcknowledge ? (letter.acknowledgedOn ?? letter.resolvedOn) : letter.resolvedOn
                if let done {
                    completions.append(Completion(sourceKey: obligation.sourceKey, on: done,
                                                  evidence: obligation.kind == .noMatchResolve ? "resolved: \(letter.evidenceReference ?? "")" : "acknowledged"))
                }
            }
        }
        return try await ObligationStore.reconcile(
            subjects: letters.map { Subject(.noMatchLetter, $0.letterID) }, derived: derived, completions: completions,
            context: context, connection: connection, logger: logger)
    }

    /// The stored letter, or a not-found error naming it.
    public func load(_ letterID: String, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> NoMatchLetterRecord {
        guard let letter = try await page(only: letterID, after: nil, limit: 1, context: context, connection: connection, logger: logger).first else {
            throw StorageError(.notFound, "no no-match letter \"\(letterID)\" in tenant \(context.tenant.slug)")
        }
        return letter
    }

    /// Letters ordered by id, after `after`, at most `limit` (only the one with id `only`, when given).
    public func page(only: String? = nil, after: String?, limit: Int, context: TenantContext,
                     connection: PostgresConnection, logger: Logger) async throws -> [NoMatchLetterRecord] {
        let rows = try await connection.query("""
            SELECT letter_id, to_char(received_on, 'YYYY-MM-DD'), hire_id, source, steps, to_char(acknowledged_on, 'YYYY-MM-DD'),
                   to_char(resolved_on, 'YYYY-MM-DD'), resolution, evidence_ref
            FROM attest.nomatch_letters
            WHERE tenant_id = \(context.tenant.id) AND (\(only)::text IS NULL OR letter_id = \(only))
                  AND (\(after)::text IS NULL OR letter_id > \(after))
            ORDER BY letter_id
            LIMIT \(limit)
            """, logger: logger)
        var letters: [NoMatchLetterRecord] = []
        for try await row in rows.decode((String, String, String?, String, String, String?, String?, String?, String?).self) {
            var letter = NoMatchLetterRecord(letterID: row.0, receivedOn: try CivilDate(iso: row.1))
            letter.hireID = row.2.flatMap { $0.isEmpty ? nil : $0 }
            letter.source = row.3
            letter.steps = row.4
            letter.acknowledgedOn = try row.5.map { try CivilDate(iso: $0) }
            letter.resolvedOn = try row.6.map { try CivilDate(iso: $0) }
            letter.resolution = row.7
            letter.evidenceReference = row.8
            letters.append(letter)
        }
        return letters
    }

    /// The letter's own rules: a well-formed id, dates in order, and a definitive
    /// resolution documented with what was done and the evidence.
    public static func violations(of letter: NoMatchLetterRecord) -> [RecordViolation] {
        var found: [RecordViolation] = []
        if !RecordRules.isIdentifier(letter.letterID) {
            found.append(RecordViolation(field: "letter_id", "\"\(letter.letterID)\" is not an id (letters, digits, . _ -; at most 64)"))
        }
        if let acknowledged = letter.acknowledgedOn, acknowledged < letter.receivedOn {
            found.append(RecordViolation(field: "acknowledged_on", "is before the letter was received (\(letter.receivedOn))"))
        }
        if let resolved = letter.resolvedOn {
            if resolved < letter.receivedOn {
                found.append(RecordViolation(field: "resolved_on", "is before the letter was received (\(letter.receivedOn))"))
            }
            if (letter.resolution ?? "").isEmpty || (letter.evidenceReference ?? "").isEmpty {
                found.append(RecordViolation(field: "resolution", "a resolved letter needs what was done (resolution) and where the evidence is (evidence_ref)"))
            }
        }
        return found
    }
}
