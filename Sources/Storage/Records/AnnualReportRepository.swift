import Compliance
import Foundation
import PostgresNIO
import Reports

/// Loads what one tenant's records show for one year, for the annual IMAGE report:
/// every query of the report, each set-based (one per kind of record, none per row).
/// Read-only; run it in a tenant transaction (``TenantWork``).
public struct AnnualReportRepository: Sendable {
    public init() {}

    /// The report of `year`, with the records read as of `asOf`.
    public func report(year: Int, asOf: CivilDate, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> AnnualReport {
        AnnualReport(facts: try await facts(year: year, asOf: asOf, context: context, connection: connection, logger: logger))
    }

    /// The facts of `year` as of `asOf`.
    public func facts(year: Int, asOf: CivilDate, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> AnnualReportFacts {
        guard CivilDate.supportedYears.contains(year) else {
            throw StorageError(.invalidInput, "year: \(year) is outside \(CivilDate.supportedYears.lowerBound)–\(CivilDate.supportedYears.upperBound)")
        }
        let span = try YearSpan(year: year, asOf: asOf, tenant: context.tenant.id)
        let tenant = context.tenant
        var facts = AnnualReportFacts(
            tenant: ReportTenant(slug: tenant.slug, legalName: tenant.legalName, imageAgreementDate: try tenant.imageAgreementDate.map { try CivilDate(iso: $0) }),
            year: year, asOf: asOf)
        facts.reportDueOn = try? context.rules.reportDueDate(year: year)
        facts.submission = try await submission(span, connection: connection, logger: logger)
        facts.hires = try await hires(span, connection: connection, logger: logger)
        facts.tncCases = try await tncCases(span, connection: connection, logger: logger)
        facts.staff = try await staff(span, rules: context.rules, connection: connection, logger: logger)
        facts.curriculumVersions = try await curriculum(span, connection: connection, logger: logger)
        facts.audit = try await audit(span, connection: connection, logger: logger)
        facts.letters = try await letters(span, connection: connection, logger: logger)
        facts.tips = try await tips(span, connection: connection, logger: logger)
        facts.selfReports = try await selfReports(span, connection: connection, logger: logger)
        facts.policies = try await policies(span, connection: connection, logger: logger)
        facts.companies = try await companies(span, connection: connection, logger: logger)
        facts.obligations = try await obligations(span, connection: connection, logger: logger)
        let starts = Dictionary(facts.hires.map { ($0.employeeID, $0.startDate) }, uniquingKeysWith: { first, _ in first })
        facts.safeguardExceptions = try await HireExceptionStore.list(year: year, context: context, connection: connection, logger: logger)
            .compactMap { x in starts[x.hire].map { SafeguardFacts(employeeID: x.hire, startDate: $0, kind: x.kind, detail: x.detail) } }
        return facts
    }

    /// The bounds every query binds.
    struct YearSpan {
        let tenant: UUID
        let year: Int
        /// January 1 and December 31 of the year, `YYYY-MM-DD`.
        let first: String
        let last: String
        /// The last day the report speaks for: December 31, or the as-of day when earlier.
        let through: String

        init(year: Int, asOf: CivilDate, tenant: UUID) throws {
            self.tenant = tenant
            self.year = year
            let last = try CivilDate(year: year, month: 12, day: 31)
            first = try CivilDate(year: year, month: 1, day: 1).description
            self.last = last.description
            through = min(last, asOf).description
        }
    }

    private func date(_ text: String?) throws -> CivilDate? {
        try text.map { try CivilDate(iso: $0) }
    }

    private func submission(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> ReportSubmission? {
        let rows = try await connection.query("""
            SELECT to_char(submitted_on, 'YYYY-MM-DD'), reference FROM attest.annual_reports
            WHERE tenant_id = \(span.tenant) AND year = \(span.year)
            """, logger: logger)
        for try await (day, reference) in rows.decode((String, String).self) {
            return ReportSubmission(submittedOn: try CivilDate(iso: day), reference: reference)
        }
        return nil
    }

    private func hires(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [HireFacts] {
        let rows = try await connection.query("""
            SELECT h.external_id, to_char(h.start_date, 'YYYY-MM-DD'), h.everify_required,
                   to_char(i.section2_completed_on, 'YYYY-MM-DD'), to_char(i.reviewed_on, 'YYYY-MM-DD'),
                   to_char(c.created_on, 'YYYY-MM-DD'), c.late_reason, h.no_everify_reason, h.citizenship,
                   concat(CASE WHEN h.list_a_kind IS NOT NULL THEN 'a' END, CASE WHEN h.list_b_kind IS NOT NULL THEN 'b' END,
                          CASE WHEN h.list_c_kind IS NOT NULL THEN 'c' END), h.remote_examination, h.site
            FROM attest.hires AS h
            LEFT JOIN attest.i9_records AS i ON i.tenant_id = h.tenant_id AND i.hire_id = h.external_id
            LEFT JOIN LATERAL (
                SELECT e.created_on, e.late_reason FROM attest.everify_cases AS e
                WHERE e.tenant_id = h.tenant_id AND e.hire_id = h.external_id
                ORDER BY e.created_on, e.case_number LIMIT 1) AS c ON true
            WHERE h.tenant_id = \(span.tenant) AND h.start_date BETWEEN \(span.first)::date AND \(span.last)::date
            ORDER BY h.start_date, h.external_id
            """, logger: logger)
        var result: [HireFacts] = []
        for try await row in rows.decode((String, String, Bool, String?, String?, String?, String?, String?, String?, String, Bool, String?).self) {
            var hire = HireFacts(employeeID: row.0, startDate: try CivilDate(iso: row.1))
            hire.eVerifyRequired = row.2
            hire.section2CompletedOn = try date(row.3)
            hire.reviewedOn = try date(row.4)
            hire.caseCreatedOn = try date(row.5)
            hire.lateReason = row.6
            hire.noCaseReason = row.7
            hire.citizenship = row.8
            hire.documentLists = row.9
            hire.remoteExamination = row.10
            hire.site = row.11
            result.append(hire)
        }
        return result
    }

    private func tncCases(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [TNCFacts] {
        let rows = try await connection.query("""
            SELECT case_number, hire_id, to_char(tnc_issued_on, 'YYYY-MM-DD'), to_char(referred_on, 'YYYY-MM-DD'),
                   to_char(final_result_on, 'YYYY-MM-DD'), to_char(closed_on, 'YYYY-MM-DD'), status
            FROM attest.everify_cases
            WHERE tenant_id = \(span.tenant) AND tnc_issued_on BETWEEN \(span.first)::date AND \(span.last)::date
            ORDER BY tnc_issued_on, case_number
            """, logger: logger)
        var result: [TNCFacts] = []
        for try await row in rows.decode((String, String, String, String?, String?, String?, String).self) {
            var c = TNCFacts(caseNumber: row.0, employeeID: row.1, tncIssuedOn: try CivilDate(iso: row.2), status: row.6)
            c.referredOn = try date(row.3)
            c.finalResultOn = try date(row.4)
            c.closedOn = try date(row.5)
            result.append(c)
        }
        return result
    }

    /// Everyone who prepared or reviewed a Form I-9 in the year, with their latest
    /// training up to the report's last day.
    private func staff(_ span: YearSpan, rules: ComplianceRules, connection: PostgresConnection, logger: Logger) async throws -> [StaffFacts] {
        let rows = try await connection.query("""
            WITH acts AS (
                SELECT preparer_id AS person, 1 AS prepared, 0 AS reviewed FROM attest.i9_records
                WHERE tenant_id = \(span.tenant) AND section2_completed_on BETWEEN \(span.first)::date AND \(span.last)::date
                UNION ALL
                SELECT reviewer_id, 0, 1 FROM attest.i9_records
                WHERE tenant_id = \(span.tenant) AND reviewed_on BETWEEN \(span.first)::date AND \(span.last)::date)
            SELECT a.person, sum(a.prepared)::int, sum(a.reviewed)::int,
                   (SELECT to_char(max(t.completed_on), 'YYYY-MM-DD') FROM attest.trainings AS t
                    WHERE t.tenant_id = \(span.tenant) AND t.person_id = a.person AND t.completed_on <= \(span.through)::date)
            FROM acts AS a GROUP BY a.person ORDER BY a.person
            """, logger: logger)
        var result: [StaffFacts] = []
        for try await (person, prepared, reviewed, last) in rows.decode((String, Int, Int, String?).self) {
            var facts = StaffFacts(personID: person)
            facts.prepared = prepared
            facts.reviewed = reviewed
            facts.lastTrainedOn = try date(last)
            facts.trainedUntil = facts.lastTrainedOn.map { rules.trainingExpiry(completedOn: $0) }
            result.append(facts)
        }
        return result
    }

    private func curriculum(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [CurriculumFacts] {
        let rows = try await connection.query("""
            SELECT version, to_char(published_on, 'YYYY-MM-DD') FROM attest.curriculum_versions
            WHERE tenant_id = \(span.tenant) AND published_on <= \(span.last)::date
            ORDER BY published_on DESC, version
            """, logger: logger)
        var result: [CurriculumFacts] = []
        for try await (version, day) in rows.decode((String, String).self) {
            result.append(CurriculumFacts(version: version, publishedOn: try CivilDate(iso: day)))
        }
        return result
    }

    private func audit(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> AuditFacts? {
        let rows = try await connection.query("""
            SELECT to_char(period_start, 'YYYY-MM-DD'), to_char(period_end, 'YYYY-MM-DD'), auditor_id, external_firm,
                   to_char(scheduled_on, 'YYYY-MM-DD'), to_char(completed_on, 'YYYY-MM-DD'), findings
            FROM attest.audits WHERE tenant_id = \(span.tenant) AND year = \(span.year)
            """, logger: logger)
        for try await row in rows.decode((String, String, String?, String?, String?, String?, String?).self) {
            var audit = AuditFacts(periodStart: try CivilDate(iso: row.0), periodEnd: try CivilDate(iso: row.1))
            audit.auditorID = row.2
            audit.externalFirm = row.3
            audit.scheduledOn = try date(row.4)
            audit.completedOn = try date(row.5)
            audit.findings = row.6
            return audit
        }
        return nil
    }

    private func letters(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [LetterFacts] {
        let rows = try await connection.query("""
            SELECT letter_id, hire_id, source, to_char(received_on, 'YYYY-MM-DD'), to_char(acknowledged_on, 'YYYY-MM-DD'),
                   to_char(resolved_on, 'YYYY-MM-DD')
            FROM attest.nomatch_letters
            WHERE tenant_id = \(span.tenant) AND received_on BETWEEN \(span.first)::date AND \(span.last)::date
            ORDER BY received_on, letter_id
            """, logger: logger)
        var result: [LetterFacts] = []
        for try await row in rows.decode((String, String?, String, String, String?, String?).self) {
            var letter = LetterFacts(letterID: row.0, source: row.2, receivedOn: try CivilDate(iso: row.3))
            letter.employeeID = row.1
            letter.acknowledgedOn = try date(row.4)
            letter.resolvedOn = try date(row.5)
            result.append(letter)
        }
        return result
    }

    private func tips(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [TipFacts] {
        let rows = try await connection.query("""
            SELECT tip_id, channel, to_char(received_on, 'YYYY-MM-DD'), to_char(acknowledged_on, 'YYYY-MM-DD'),
                   to_char(responded_on, 'YYYY-MM-DD'), status, to_char(investigated_on, 'YYYY-MM-DD')
            FROM attest.tips
            WHERE tenant_id = \(span.tenant) AND received_on BETWEEN \(span.first)::date AND \(span.last)::date
            ORDER BY received_on, tip_id
            """, logger: logger)
        var result: [TipFacts] = []
        for try await row in rows.decode((String, String, String, String?, String?, String, String?).self) {
            var tip = TipFacts(tipID: row.0, channel: row.1, receivedOn: try CivilDate(iso: row.2), status: row.5)
            tip.acknowledgedOn = try date(row.3)
            tip.investigatedOn = try date(row.6)
            tip.respondedOn = try date(row.4)
            result.append(tip)
        }
        return result
    }

    private func selfReports(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [SelfReportFacts] {
        let rows = try await connection.query("""
            SELECT report_id, source, source_ref, to_char(discovered_on, 'YYYY-MM-DD'), description, corrective_action,
                   to_char(corrected_on, 'YYYY-MM-DD'), to_char(reported_to_ice_on, 'YYYY-MM-DD')
            FROM attest.self_reports
            WHERE tenant_id = \(span.tenant) AND discovered_on BETWEEN \(span.first)::date AND \(span.last)::date
            ORDER BY discovered_on, report_id
            """, logger: logger)
        var result: [SelfReportFacts] = []
        for try await row in rows.decode((String, String, String?, String, String, String?, String?, String?).self) {
            var report = SelfReportFacts(reportID: row.0, source: row.1, discoveredOn: try CivilDate(iso: row.3), description: row.4)
            report.sourceReference = row.2
            report.correctiveAction = row.5
            report.correctedOn = try date(row.6)
            report.reportedToICEOn = try date(row.7)
            result.append(report)
        }
        return result
    }

    private func policies(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [PolicyFacts] {
        let rows = try await connection.query("""
            SELECT policy_id, kind, title, to_char(last_reviewed_on, 'YYYY-MM-DD') FROM attest.policies
            WHERE tenant_id = \(span.tenant) ORDER BY kind, policy_id
            """, logger: logger)
        var result: [PolicyFacts] = []
        for try await (id, kind, title, day) in rows.decode((String, String, String, String).self) {
            result.append(PolicyFacts(policyID: id, kind: kind, title: title, lastReviewedOn: try CivilDate(iso: day)))
        }
        return result
    }

    private func companies(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [CompanyFacts] {
        let rows = try await connection.query("""
            SELECT c.company_id, c.name, to_char(c.joined_on, 'YYYY-MM-DD'),
                   coalesce((SELECT array_agg(to_char(m.sent_on, 'YYYY-MM-DD') ORDER BY m.sent_on) FROM attest.network_communications AS m
                             WHERE m.tenant_id = c.tenant_id AND m.company_id = c.company_id
                               AND m.sent_on BETWEEN \(span.first)::date AND \(span.last)::date), '{}'::text[]),
                   (SELECT to_char(min(o.due_on), 'YYYY-MM-DD') FROM attest.obligations AS o
                    WHERE o.tenant_id = c.tenant_id AND o.kind = 'network_communication' AND o.state = 'open'
                      AND o.subject_kind = 'network_company' AND o.subject_id = c.company_id)
            FROM attest.network_companies AS c
            WHERE c.tenant_id = \(span.tenant) AND c.joined_on <= \(span.last)::date
            ORDER BY c.company_id
            """, logger: logger)
        var result: [CompanyFacts] = []
        for try await (id, name, joined, sent, next) in rows.decode((String, String, String, [String], String?).self) {
            var company = CompanyFacts(companyID: id, name: name, joinedOn: try CivilDate(iso: joined))
            company.communicatedOn = try sent.map { try CivilDate(iso: $0) }
            company.nextDueOn = try date(next)
            result.append(company)
        }
        return result
    }

    /// Obligations due in the year, and those of the year's records due later; with
    /// the employee each concerns (a hire, a case's hire, a letter's hire).
    private func obligations(_ span: YearSpan, connection: PostgresConnection, logger: Logger) async throws -> [ObligationFacts] {
        let rows = try await connection.query("""
            WITH year_subjects (kind, id) AS (
                SELECT 'hire', external_id FROM attest.hires
                WHERE tenant_id = \(span.tenant) AND start_date BETWEEN \(span.first)::date AND \(span.last)::date
                UNION ALL
                SELECT 'everify_case', case_number FROM attest.everify_cases
                WHERE tenant_id = \(span.tenant) AND tnc_issued_on BETWEEN \(span.first)::date AND \(span.last)::date
                UNION ALL
                SELECT 'nomatch_letter', letter_id FROM attest.nomatch_letters
                WHERE tenant_id = \(span.tenant) AND received_on BETWEEN \(span.first)::date AND \(span.last)::date
                UNION ALL
                SELECT 'tip', tip_id FROM attest.tips
                WHERE tenant_id = \(span.tenant) AND received_on BETWEEN \(span.first)::date AND \(span.last)::date
                UNION ALL
                SELECT 'self_report', report_id FROM attest.self_reports
                WHERE tenant_id = \(span.tenant) AND discovered_on BETWEEN \(span.first)::date AND \(span.last)::date)
            SELECT o.kind, o.subject_kind || '/' || o.subject_id,
                   CASE o.subject_kind WHEN 'hire' THEN o.subject_id WHEN 'everify_case' THEN c.hire_id WHEN 'nomatch_letter' THEN l.hire_id END,
                   to_char(o.due_on, 'YYYY-MM-DD'), to_char(o.completed_on, 'YYYY-MM-DD')
            FROM attest.obligations AS o
            LEFT JOIN attest.everify_cases AS c ON o.subject_kind = 'everify_case' AND c.tenant_id = o.tenant_id AND c.case_number = o.subject_id
            LEFT JOIN attest.nomatch_letters AS l ON o.subject_kind = 'nomatch_letter' AND l.tenant_id = o.tenant_id AND l.letter_id = o.subject_id
            WHERE o.tenant_id = \(span.tenant) AND o.state IN ('open', 'done')
              AND o.kind NOT IN ('i9_retention_end', 'training_renewal')
              AND (o.due_on BETWEEN \(span.first)::date AND \(span.last)::date
                   OR (o.subject_kind, o.subject_id) IN (SELECT kind, id FROM year_subjects))
            ORDER BY o.due_on, o.kind, o.subject_kind, o.subject_id
            """, logger: logger)
        var result: [ObligationFacts] = []
        for try await (kind, subject, employee, due, done) in rows.decode((String, String, String?, String, String?).self) {
            guard let kind = ObligationKind(rawValue: kind) else { continue }
            result.append(ObligationFacts(kind: kind, subject: subject, employeeID: employee, dueOn: try CivilDate(iso: due), completedOn: try date(done)))
        }
        return result
    }
}
