import Compliance
import Foundation
import PostgresNIO

/// The training program's curriculum versions and the tenant's policies: every query
/// on `attest.curriculum_versions` and `attest.policies`, and their obligations (the
/// program's yearly update, each policy's review).
public struct ProgramRepository: Sendable {
    /// A policy kind IMAGE asks for.
    public enum PolicyKind: String, Sendable, CaseIterable {
        case antiDiscrimination = "anti_discrimination"
        case hiring
        case selfReporting = "self_reporting"
        case tipProtocol = "tip_protocol"
    }

    public init() {}

    /// Records a new version of the training curriculum.
    public func publishCurriculum(version: String, on date: CivilDate, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        guard RecordRules.isIdentifier(version) else {
            throw RecordViolation(field: "version", "\"\(version)\" is not a version name (letters, digits, . _ -)")
        }
        try await connection.query("""
            INSERT INTO attest.curriculum_versions (tenant_id, version, published_on) VALUES (\(context.tenant.id), \(version), \(date.description)::date)
            ON CONFLICT (tenant_id, version) DO UPDATE SET published_on = EXCLUDED.published_on
            """, logger: logger)
        var report = ReconcileReport()
        report.completed = try await ObligationStore.completeSuperseded(
            kind: .trainingProgramUpdate, subject: nil,
            keeping: context.rules.obligation(for: CurriculumVersion(id: version, publishedOn: date)).sourceKey, on: date, evidence: "curriculum \(version) published",
            context: context, connection: connection, logger: logger)
        try await EventLog.append([Event(action: "curriculum.published", subjectKind: "training_program", subjectID: version)],
                                  context: context, connection: connection, logger: logger)
        report.add(try await refresh(context: context, connection: connection, logger: logger))
        return report
    }

    /// Records a policy's review (creating the policy the first time).
    public func reviewPolicy(id: String, kind: PolicyKind, title: String, on date: CivilDate,
                             context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        guard RecordRules.isIdentifier(id) else {
            throw RecordViolation(field: "policy", "\"\(id)\" is not an id (letters, digits, . _ -)")
        }
        try await connection.query("""
            INSERT INTO attest.policies (tenant_id, policy_id, kind, title, last_reviewed_on)
            VALUES (\(context.tenant.id), \(id), \(kind.rawValue), \(title), \(date.description)::date)
            ON CONFLICT (tenant_id, policy_id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title,
                last_reviewed_on = GREATEST(attest.policies.last_reviewed_on, EXCLUDED.last_reviewed_on)
            """, logger: logger)
        var report = ReconcileReport()
        report.completed = try await ObligationStore.completeSuperseded(
            kind: .policyReview, subject: Subject(.policy, id),
            keeping: context.rules.obligation(for: PolicyRecord(id: id, lastReviewedOn: date)).sourceKey, on: date, evidence: "policy reviewed \(date)",
            context: context, connection: connection, logger: logger)
        try await EventLog.append([Event(action: "policy.reviewed", subjectKind: "policy", subjectID: id, details: ["on": date.description])],
                                  context: context, connection: connection, logger: logger)
        report.add(try await refresh(context: context, connection: connection, logger: logger))
        return report
    }

    /// Reconciles the program-update obligation (latest version) and each policy's
    /// review obligation; an earlier cycle is done on the date of the next one.
    public func refresh(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        var derived: [Obligation] = [], subjects: [Subject] = []
        let versions = try await connection.query("""
            SELECT version, to_char(published_on, 'YYYY-MM-DD') FROM attest.curriculum_versions
            WHERE tenant_id = \(context.tenant.id) ORDER BY published_on DESC, version LIMIT 1
            """, logger: logger)
        for try await (version, day) in versions.decode((String, String).self) {
            let obligation = context.rules.obligation(for: CurriculumVersion(id: version, publishedOn: try CivilDate(iso: day)))
            derived.append(obligation)
            subjects.append(obligation.subject)
        }
        let policies = try await connection.query("""
            SELECT policy_id, to_char(last_reviewed_on, 'YYYY-MM-DD') FROM attest.policies WHERE tenant_id = \(context.tenant.id)
            """, logger: logger)
        for try await (id, day) in policies.decode((String, String).self) {
            let obligation = context.rules.obligation(for: PolicyRecord(id: id, lastReviewedOn: try CivilDate(iso: day)))
            derived.append(obligation)
            subjects.append(obligation.subject)
        }
        return try await ObligationStore.reconcile(subjects: subjects, derived: derived, completions: [],
                                                   context: context, connection: connection, logger: logger)
    }
}
