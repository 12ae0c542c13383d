import Compliance
import Foundation
import PostgresNIO

/// The yearly I-9 audit and the annual report to ICE: every query on `attest.audits`
/// and `attest.annual_reports`, and the reconciliation of their obligations.
public struct AnnualRepository: Sendable {
    /// Who audits: an external firm, or a trained employee not otherwise involved.
    public enum Auditor: Sendable, Equatable {
        case externalFirm(String)
        case internalPerson(String)
    }

    public init() {}

    /// Schedules (or reschedules) the audit of `year` covering `period`.
    public func scheduleAudit(year: Int, period: ClosedRange<CivilDate>, auditor: Auditor, on date: CivilDate,
                              context: TenantContext, connection: PostgresConnection, logger: Logger) async throws {
        try await checkIndependence(auditor, period: period, scheduledOn: date, context: context, connection: connection, logger: logger)
        let (person, firm) = parts(auditor)
        try await connection.query("""
            INSERT INTO attest.audits (tenant_id, year, period_start, period_end, auditor_id, external_firm, scheduled_on)
            VALUES (\(context.tenant.id), \(year), \(period.lowerBound.description)::date, \(period.upperBound.description)::date,
                    \(person), \(firm), \(date.description)::date)
            ON CONFLICT (tenant_id, year) DO UPDATE SET period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end,
                auditor_id = EXCLUDED.auditor_id, external_firm = EXCLUDED.external_firm, scheduled_on = EXCLUDED.scheduled_on
            """, logger: logger)
        try await EventLog.append([Event(action: "audit.scheduled", subjectKind: "tenant", subjectID: String(year))],
                                  context: context, connection: connection, logger: logger)
        _ = try await refresh(years: [year], context: context, connection: connection, logger: logger)
    }

    /// Records the audit of `year` as completed with its findings.
    public func completeAudit(year: Int, on date: CivilDate, findings: String,
                              context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        let rows = try await connection.query("""
            UPDATE attest.audits SET completed_on = \(date.description)::date, findings = \(findings)
            WHERE tenant_id = \(context.tenant.id) AND year = \(year) AND period_end <= \(date.description)::date
            RETURNING year
            """, logger: logger)
        guard try await rows.decode(Int.self).first(where: { _ in true }) != nil else {
            throw RecordViolation(field: "year", "no audit of \(year) is scheduled, or its period ends after \(date) (schedule it first with `attest audit schedule`)")
        }
        try await EventLog.append([Event(action: "audit.completed", subjectKind: "tenant", subjectID: String(year))],
                                  context: context, connection: connection, logger: logger)
        return try await refresh(years: [year], context: context, connection: connection, logger: logger)
    }

    /// Records the submission of the annual report of `year` to ICE.
    public func submitReport(year: Int, on date: CivilDate, reference: String,
                             context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        try await connection.query("""
            INSERT INTO attest.annual_reports (tenant_id, year, submitted_on, reference)
            VALUES (\(context.tenant.id), \(year), \(date.description)::date, \(reference))
            ON CONFLICT (tenant_id, year) DO UPDATE SET submitted_on = EXCLUDED.submitted_on, reference = EXCLUDED.reference
            """, logger: logger)
        try await EventLog.append([Event(action: "report.submitted", subjectKind: "tenant", subjectID: String(year))],
                                  context: context, connection: connection, logger: logger)
        return try await refresh(years: [year], context: context, connection: connection, logger: logger)
    }

    /// Reconciles the audit and report obligations of `years` with what is recorded.
    public func refresh(years: [Int], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        var derived: [Obligation] = []
        for year in years {
            do {
                derived += try context.rules.annualObligations(year: year)
            } catch {
                logger.debug("no annual obligations", metadata: ["tenant": "\(context.tenant.slug)", "reason": "\(error)"])
            }
        }
        let done = try await completedYears(context: context, connection: connection, logger: logger)
        let completions = derived.compactMap { obligation -> Completion? in
            guard case .year(let year) = obligation.cycle,
                  let (on, evidence) = done[ObligationYear(kind: obligation.kind, year: year)] else { return nil }
            return Completion(sourceKey: obligation.sourceKey, on: on, evidence: evidence)
        }
        // Annual items share the tenant subject; reconcile only the given years' keys.
        return try await ObligationStore.reconcile(subjects: [], derived: derived, completions: completions,
                                                   context: context, connection: connection, logger: logger)
    }

    private struct ObligationYear: Hashable {
        let kind: ObligationKind
        let year: Int
    }

    private func completedYears(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [ObligationYear: (CivilDate, String)] {
        var result: [ObligationYear: (CivilDate, String)] = [:]
        let rows = try await connection.query("""
            SELECT 'audit', year, to_char(completed_on, 'YYYY-MM-DD') FROM attest.audits
            WHERE tenant_id = \(context.tenant.id) AND completed_on IS NOT NULL
            UNION ALL
            SELECT 'report', year, to_char(submitted_on, 'YYYY-MM-DD') FROM attest.annual_reports WHERE tenant_id = \(context.tenant.id)
            """, logger: logger)
        for try await (what, year, day) in rows.decode((String, Int, String).self) {
            let kind: ObligationKind = what == "audit" ? .auditAnnual : .reportAnnual
            result[ObligationYear(kind: kind, year: year)] = (try CivilDate(iso: day), what == "audit" ? "audit completed" : "report submitted")
        }
        return result
    }

    /// An internal auditor must be a recorded person who did not prepare or review an
    /// I-9 in the audited period.
    /// An internal auditor is a recorded person, trained on the day the audit is
    /// scheduled, who neither uses E-Verify nor prepared or reviewed an I-9 of the period.
    private func checkIndependence(_ auditor: Auditor, period: ClosedRange<CivilDate>, scheduledOn: CivilDate,
                                   context: TenantContext, connection: PostgresConnection, logger: Logger) async throws {
        guard case .internalPerson(let person) = auditor else { return }
        let known = try await connection.query("""
            SELECT 'everify_user' = ANY(roles) FROM attest.people WHERE tenant_id = \(context.tenant.id) AND external_id = \(person)
            """, logger: logger)
        guard let usesEVerify = try await known.decode(Bool.self).first(where: { _ in true }) else {
            throw RecordViolation(field: "auditor", "no person \"\(person)\" is recorded (add them first with `attest person add`)")
        }
        if usesEVerify {
            throw RecordViolation(field: "auditor", "\(person) uses E-Verify (role everify_user): an internal auditor must not be otherwise "
                                  + "involved in the I-9 or E-Verify process; choose another person or an external firm")
        }
        let trainings = try await PeopleRepository().trainings(of: [person], context: context, connection: connection, logger: logger)
        if !context.rules.isTrained(completions: trainings[person] ?? [], on: scheduledOn) {
            throw RecordViolation(field: "auditor", "\(person) holds no current I-9 training on \(scheduledOn): an internal auditor must be "
                                  + "trained (IMAGE best practices: \"a trained employee not otherwise involved\")")
        }
        let rows = try await connection.query("""
            SELECT hire_id FROM attest.i9_records
            WHERE tenant_id = \(context.tenant.id)
              AND ((preparer_id = \(person) AND section2_completed_on BETWEEN \(period.lowerBound.description)::date AND \(period.upperBound.description)::date)
                OR (reviewer_id = \(person) AND reviewed_on BETWEEN \(period.lowerBound.description)::date AND \(period.upperBound.description)::date))
            ORDER BY hire_id LIMIT 5
            """, logger: logger)
        let hires = try await rows.decode(String.self).reduce(into: [String]()) { $0.append($1) }
        if !hires.isEmpty {
            throw RecordViolation(field: "auditor", "\(person) prepared or reviewed I-9s in the audited period (\(hires.joined(separator: ", "))): an internal auditor must not be otherwise involved in the I-9 process")
        }
    }

    private func parts(_ auditor: Auditor) -> (String?, String?) {
        switch auditor {
        case .externalFirm(let firm): return (nil, firm)
        case .internalPerson(let person): return (person, nil)
        }
    }
}
