import Compliance
import Foundation
import PostgresNIO

/// Hires with their I-9 and E-Verify facts: every query on `attest.hires`,
/// `attest.i9_records` and `attest.everify_cases`.
///
/// ``save(_:context:connection:logger:)`` is the one write path, for one hire typed on
/// the command line and for 100,000 from a CSV file alike: it checks the record
/// rules, upserts in batches, re-derives the obligations and appends events, all in
/// the caller's transaction. Saving unchanged records changes nothing.
public struct HireRepository: Sendable {
    /// What a save changed.
    public struct SaveReport: Sendable, Equatable {
        /// External ids of hires inserted or changed.
        public var changedHires: [String] = []
        public var obligations = ReconcileReport()
    }

    public init() {}

    /// Validates and stores `hires`, reconciling their obligations.
    /// Throws ``RecordViolation`` (the first broken rule) and changes nothing then.
    public func save(_ hires: [HireRecord], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> SaveReport {
        let trainings = try await PeopleRepository().trainings(of: people(in: hires), context: context, connection: connection, logger: logger)
        for hire in hires {
            if let violation = (RecordRules.violations(of: hire) + RecordRules.trainingViolations(of: hire, trainings: trainings, rules: context.rules)).first {
                throw RecordViolation(field: violation.field, "hire \(hire.externalID): \(violation.message)")
            }
        }
        var report = SaveReport()
        report.changedHires = try await upsertHires(hires, context: context, connection: connection, logger: logger)
        let changedI9 = try await upsertI9(hires, context: context, connection: connection, logger: logger)
        let changedCases = try await upsertCases(hires, context: context, connection: connection, logger: logger)
        try await HireExceptionStore.reconcile(hires, context: context, connection: connection, logger: logger)
        let derivation = try HireObligations.derive(hires, rules: context.rules)
        report.obligations = try await ObligationStore.reconcile(
            subjects: derivation.subjects, derived: derivation.derived, completions: derivation.completions,
            context: context, connection: connection, logger: logger)
        let events = Set(report.changedHires + changedI9 + changedCases).sorted().map {
            Event(action: "hire.saved", subjectKind: "hire", subjectID: $0)
        }
        try await EventLog.append(events, context: context, connection: connection, logger: logger)
        return report
    }

    /// Loads a hire, applies `change`, and saves it: how recorded work (Section 2
    /// completed, case opened …) reaches the obligations.
    public func update(
        _ externalID: String, context: TenantContext, connection: PostgresConnection, logger: Logger,
        _ change: (inout HireRecord) throws -> Void
    ) async throws -> ReconcileReport {
        var hire = try await load(externalID, context: context, connection: connection, logger: logger)
        try change(&hire)
        return try await save([hire], context: context, connection: connection, logger: logger).obligations
    }

    /// The stored hire, or a not-found error naming it.
    public func load(_ externalID: String, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> HireRecord {
        guard let hire = try await fetch(only: [externalID], after: nil, limit: 1, context: context, connection: connection, logger: logger).first else {
            throw StorageError(.notFound, "no hire with employee id \"\(externalID)\" in tenant \(context.tenant.slug)")
        }
        return hire
    }

    /// The stored hires among `externalIDs`, ordered by employee id; ids not stored are
    /// left out. Two queries, whatever the number of ids.
    public func load(_ externalIDs: [String], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [HireRecord] {
        guard !externalIDs.isEmpty else { return [] }
        return try await fetch(only: externalIDs, after: nil, limit: externalIDs.count, context: context, connection: connection, logger: logger)
    }

    /// The employee ids among `ids` that are hires of the tenant.
    public func existing(_ ids: [String], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.query("""
            SELECT external_id FROM attest.hires WHERE tenant_id = \(context.tenant.id) AND external_id = ANY(\(Array(Set(ids)))::text[])
            """, logger: logger)
        return try await rows.decode(String.self).reduce(into: []) { $0.insert($1) }
    }

    /// The tenant's full records ordered by employee id, after `after` (from the first when nil),
    /// at most `limit`: two queries per page. An empty page means there are no more.
    public func recordPage(after: String?, limit: Int, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [HireRecord] {
        try await fetch(only: nil, after: after, limit: limit, context: context, connection: connection, logger: logger)
    }

    /// Hires with their I-9 (one query), then the latest E-Verify case of each (one query).
    private func fetch(only: [String]?, after: String?, limit: Int, context: TenantContext,
                       connection: PostgresConnection, logger: Logger) async throws -> [HireRecord] {
        let rows = try await connection.query("""
            SELECT h.external_id, to_char(h.start_date, 'YYYY-MM-DD'), h.job_business_days, to_char(h.termination_date, 'YYYY-MM-DD'),
                   h.citizenship, to_char(h.work_authorization_expires, 'YYYY-MM-DD'), h.everify_required,
                   h.list_a_kind, to_char(h.list_a_expires, 'YYYY-MM-DD'), to_char(h.list_a_renewal_filed_on, 'YYYY-MM-DD'),
                   to_char(h.list_a_extended_until, 'YYYY-MM-DD'), h.list_b_kind, to_char(h.list_b_expires, 'YYYY-MM-DD'),
                   h.list_c_kind, to_char(h.list_c_expires, 'YYYY-MM-DD'), to_char(h.list_c_extended_until, 'YYYY-MM-DD'),
                   h.receipt_kind, to_char(h.receipt_date, 'YYYY-MM-DD'), h.no_everify_reason, to_char(h.offer_accepted_on, 'YYYY-MM-DD'), h.termination_reason, h.remote_examination, h.site, to_char(h.rehired_on, 'YYYY-MM-DD'), h.preparer_id,
                   to_char(i.section1_completed_on, 'YYYY-MM-DD'), to_char(i.section2_completed_on, 'YYYY-MM-DD'),
                   i.preparer_id, i.reviewer_id, to_char(i.reviewed_on, 'YYYY-MM-DD'), to_char(i.receipt_document_received_on, 'YYYY-MM-DD'),
                   to_char(i.reverified_on, 'YYYY-MM-DD'), to_char(i.reverification_answered, 'YYYY-MM-DD')
            FROM attest.hires AS h
            LEFT JOIN attest.i9_records AS i ON i.tenant_id = h.tenant_id AND i.hire_id = h.external_id
            WHERE h.tenant_id = \(context.tenant.id) AND (\(only)::text[] IS NULL OR h.external_id = ANY(\(only)::text[]))
                  AND (\(after)::text IS NULL OR h.external_id > \(after))
            ORDER BY h.external_id
            LIMIT \(limit)
            """, logger: logger)
        var hires: [HireRecord] = []
        for try await row in rows.decode((String, String, Int?, String?, String?, String?, Bool,
                                          String?, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?,
                                          String?, String?, String?, Bool, String?, String?, String?, String?, String?, String?, String?, String?, String?,
                                          String?, String?).self) {
            var hire = HireRecord(externalID: row.0, startDate: try CivilDate(iso: row.1))
            hire.jobBusinessDays = row.2
            hire.terminationDate = try date(row.3)
            hire.citizenship = row.4.flatMap(CitizenshipStatus.init(rawValue:))
            hire.workAuthorizationExpires = try date(row.5)
            hire.eVerifyRequired = row.6
            hire.documents.listA = try Self.document(row.7, expires: row.8, renewalFiledOn: row.9, extendedUntil: row.10)
            hire.documents.listB = try Self.document(row.11, expires: row.12)
            hire.documents.listC = try Self.document(row.13, expires: row.14, extendedUntil: row.15)
            hire.receipt = try row.16.flatMap(ReceiptKind.init(rawValue:)).map { Receipt($0, date: try date(row.17)) }
            hire.noCaseReason = row.18.flatMap(NoCaseReason.init(rawValue:))
            hire.offerAcceptedOn = try date(row.19)
            hire.terminationReason = row.20
            hire.remoteExamination = row.21
            hire.site = row.22
            hire.rehiredOn = try date(row.23)
            hire.preparerID = row.24
            hire.i9.section1CompletedOn = try date(row.25)
            hire.i9.section2CompletedOn = try date(row.26)
            hire.i9.preparerID = row.27
            hire.i9.reviewerID = row.28
            hire.i9.reviewedOn = try date(row.29)
            hire.i9.receiptDocumentReceivedOn = try date(row.30)
            if let on = try date(row.31), let answered = try date(row.32) { hire.i9.reverification = Reverification(on: on, answered: answered) }
            hires.append(hire)
        }
        guard !hires.isEmpty else { return [] }
        let cases = try await latestCases(of: hires.map(\.externalID), context: context, connection: connection, logger: logger)
        return hires.map { hire in
            var hire = hire
            hire.eVerifyCase = cases[hire.externalID]
            return hire
        }
    }

    /// The stored document of one list, from its columns.
    private static func document(_ kind: String?, expires: String?, renewalFiledOn: String? = nil,
                                 extendedUntil: String? = nil) throws -> IdentityDocument? {
        guard let kind = kind.flatMap(DocumentKind.init(rawValue:)) else { return nil }
        let extensionOfValidity = DocumentExtension(renewalFiledOn: try date(renewalFiledOn), extendedUntil: try date(extendedUntil))
        return IdentityDocument(kind: kind, expires: try date(expires), extension: extensionOfValidity)
    }

    /// The latest case (by creation day, then case number) of each of `hires` that has one.
    private func latestCases(of hires: [String], context: TenantContext, connection: PostgresConnection,
                             logger: Logger) async throws -> [String: EVerifyCaseRecord] {
        let rows = try await connection.query("""
            SELECT DISTINCT ON (hire_id) hire_id, case_number, to_char(created_on, 'YYYY-MM-DD'), status, to_char(tnc_issued_on, 'YYYY-MM-DD'),
                   to_char(referred_on, 'YYYY-MM-DD'), to_char(final_result_on, 'YYYY-MM-DD'),
                   to_char(closed_on, 'YYYY-MM-DD'), closure_reason, late_reason
            FROM attest.everify_cases WHERE tenant_id = \(context.tenant.id) AND hire_id = ANY(\(hires)::text[])
            ORDER BY hire_id, created_on DESC, case_number
            """, logger: logger)
        var cases: [String: EVerifyCaseRecord] = [:]
        for try await row in rows.decode(CaseRow.self) {
            cases[row.0] = try Self.caseRecord(row)
        }
        return cases
    }

    /// A case row: hire id, case number, created, status, TNC, referred, final result,
    /// closed, closure reason, late reason (dates as `YYYY-MM-DD`).
    typealias CaseRow = (String, String, String, String, String?, String?, String?, String?, String?, String?)

    /// The case a ``CaseRow`` describes.
    static func caseRecord(_ row: CaseRow) throws -> EVerifyCaseRecord {
        var c = EVerifyCaseRecord(caseNumber: row.1, createdOn: try CivilDate(iso: row.2))
        c.status = EVerifyCaseRecord.Status(rawValue: row.3) ?? .open
        c.tncIssuedOn = try row.4.map { try CivilDate(iso: $0) }
        c.referredOn = try row.5.map { try CivilDate(iso: $0) }
        c.finalResultOn = try row.6.map { try CivilDate(iso: $0) }
        c.closedOn = try row.7.map { try CivilDate(iso: $0) }
        c.closureReason = row.8
        c.lateReason = row.9.flatMap(EVerifyCaseRecord.LateReason.init(rawValue:))
        return c
    }

    private func people(in hires: [HireRecord]) -> [String] {
        Array(Set(hires.flatMap { [$0.i9.preparerID, $0.i9.reviewerID].compactMap { $0 } }))
    }

    private func upsertHires(_ hires: [HireRecord], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let a = hires.map(\.documents.listA), b = hires.map(\.documents.listB), c = hires.map(\.documents.listC)
        let rows = try await connection.query("""
            INSERT INTO attest.hires AS h (tenant_id, external_id, start_date, job_business_days, termination_date, citizenship,
                work_authorization_expires, everify_required, list_a_kind, list_a_expires, list_a_renewal_filed_on,
                list_a_extended_until, list_b_kind, list_b_expires, list_c_kind, list_c_expires, list_c_extended_until,
                receipt_kind, receipt_date, no_everify_reason, offer_accepted_on, termination_reason, remote_examination, site, rehired_on,
                preparer_id)
            SELECT \(context.tenant.id), r.id, r.start::date, NULLIF(r.job_days, '')::int, NULLIF(r.terminated, '')::date,
                   NULLIF(r.citizenship, ''), NULLIF(r.auth_expires, '')::date, r.everify,
                   NULLIF(r.a_kind, ''), NULLIF(r.a_expires, '')::date, NULLIF(r.a_filed, '')::date, NULLIF(r.a_until, '')::date,
                   NULLIF(r.b_kind, ''), NULLIF(r.b_expires, '')::date,
                   NULLIF(r.c_kind, ''), NULLIF(r.c_expires, '')::date, NULLIF(r.c_until, '')::date,
                   NULLIF(r.receipt, ''), NULLIF(r.receipt_date, '')::date, NULLIF(r.no_case, ''), NULLIF(r.offer, '')::date,
                   NULLIF(r.ended_because, ''), r.remote, NULLIF(r.site, ''), NULLIF(r.rehired, '')::date, NULLIF(r.preparer, '')
            FROM unnest(\(hires.map(\.externalID))::text[], \(hires.map(\.startDate.description))::text[],
                        \(hires.map { $0.jobBusinessDays.map(String.init) ?? "" })::text[], \(hires.map { text($0.terminationDate) })::text[],
                        \(hires.map { $0.citizenship?.rawValue ?? "" })::text[], \(hires.map { text($0.workAuthorizationExpires) })::text[],
                        \(hires.map(\.eVerifyRequired))::boolean[],
                        \(a.map { $0?.kind.rawValue ?? "" })::text[], \(a.map { text($0?.expires) })::text[],
                        \(a.map { text($0?.renewalFiledOn) })::text[], \(a.map { text($0?.extendedUntil) })::text[],
                        \(b.map { $0?.kind.rawValue ?? "" })::text[], \(b.map { text($0?.expires) })::text[],
                        \(c.map { $0?.kind.rawValue ?? "" })::text[], \(c.map { text($0?.expires) })::text[],
                        \(c.map { text($0?.extendedUntil) })::text[],
                        \(hires.map { $0.receipt?.kind.rawValue ?? "" })::text[], \(hires.map { text($0.receipt?.date) })::text[],
                        \(hires.map { $0.noCaseReason?.rawValue ?? "" })::text[], \(hires.map { text($0.offerAcceptedOn) })::text[],
                        \(hires.map { $0.terminationReason ?? "" })::text[], \(hires.map(\.remoteExamination))::boolean[],
                        \(hires.map { $0.site ?? "" })::text[], \(hires.map { text($0.rehiredOn) })::text[],
                        \(hires.map { $0.preparerID ?? "" })::text[])
                 AS r(id, start, job_days, terminated, citizenship, auth_expires, everify, a_kind, a_expires, a_filed, a_until,
                      b_kind, b_expires, c_kind, c_expires, c_until, receipt, receipt_date, no_case, offer, ended_because, remote, site, rehired,
                      preparer)
            ON CONFLICT (tenant_id, external_id) DO UPDATE SET
                start_date = EXCLUDED.start_date, job_business_days = EXCLUDED.job_business_days,
                termination_date = EXCLUDED.termination_date, citizenship = EXCLUDED.citizenship,
                work_authorization_expires = EXCLUDED.work_authorization_expires, everify_required = EXCLUDED.everify_required,
                list_a_kind = EXCLUDED.list_a_kind, list_a_expires = EXCLUDED.list_a_expires,
                list_a_renewal_filed_on = EXCLUDED.list_a_renewal_filed_on, list_a_extended_until = EXCLUDED.list_a_extended_until,
                list_b_kind = EXCLUDED.list_b_kind, list_b_expires = EXCLUDED.list_b_expires,
                list_c_kind = EXCLUDED.list_c_kind, list_c_expires = EXCLUDED.list_c_expires,
                list_c_extended_until = EXCLUDED.list_c_extended_until, receipt_kind = EXCLUDED.receipt_kind,
                receipt_date = EXCLUDED.receipt_date, no_everify_reason = EXCLUDED.no_everify_reason,
                offer_accepted_on = EXCLUDED.offer_accepted_on, termination_reason = EXCLUDED.termination_reason,
                remote_examination = EXCLUDED.remote_examination, site = EXCLUDED.site,
                rehired_on = EXCLUDED.rehired_on, preparer_id = EXCLUDED.preparer_id, updated_at = now()
            WHERE (h.start_date, h.job_business_days, h.termination_date, h.citizenship, h.work_authorization_expires,
                   h.everify_required, h.list_a_kind, h.list_a_expires, h.list_a_renewal_filed_on, h.list_a_extended_until,
                   h.list_b_kind, h.list_b_expires, h.list_c_kind, h.list_c_expires, h.list_c_extended_until,
                   h.receipt_kind, h.receipt_date, h.no_everify_reason, h.offer_accepted_on, h.termination_reason,
                   h.remote_examination, h.site, h.rehired_on, h.preparer_id)
                IS DISTINCT FROM (EXCLUDED.start_date, EXCLUDED.job_business_days, EXCLUDED.termination_date, EXCLUDED.citizenship,
                   EXCLUDED.work_authorization_expires, EXCLUDED.everify_required, EXCLUDED.list_a_kind, EXCLUDED.list_a_expires,
                   EXCLUDED.list_a_renewal_filed_on, EXCLUDED.list_a_extended_until, EXCLUDED.list_b_kind, EXCLUDED.list_b_expires,
                   EXCLUDED.list_c_kind, EXCLUDED.list_c_expires, EXCLUDED.list_c_extended_until,
                   EXCLUDED.receipt_kind, EXCLUDED.receipt_date, EXCLUDED.no_everify_reason, EXCLUDED.offer_accepted_on,
                   EXCLUDED.termination_reason, EXCLUDED.remote_examination, EXCLUDED.site, EXCLUDED.rehired_on, EXCLUDED.preparer_id)
            RETURNING h.external_id
            """, logger: logger)
        return try await rows.decode(String.self).reduce(into: []) { $0.append($1) }
    }

    private func upsertI9(_ hires: [HireRecord], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let rows = try await connection.query("""
            INSERT INTO attest.i9_records AS i (tenant_id, hire_id, section1_completed_on, section2_completed_on, preparer_id,
                reviewer_id, reviewed_on, receipt_document_received_on, reverified_on, reverification_answered)
            SELECT \(context.tenant.id), r.id, NULLIF(r.s1, '')::date, NULLIF(r.s2, '')::date, NULLIF(r.preparer, ''),
                   NULLIF(r.reviewer, ''), NULLIF(r.reviewed, '')::date, NULLIF(r.receipt, '')::date,
                   NULLIF(r.reverified, '')::date, NULLIF(r.answered, '')::date
            FROM unnest(\(hires.map(\.externalID))::text[], \(hires.map { text($0.i9.section1CompletedOn) })::text[],
                        \(hires.map { text($0.i9.section2CompletedOn) })::text[], \(hires.map { $0.i9.preparerID ?? "" })::text[],
                        \(hires.map { $0.i9.reviewerID ?? "" })::text[], \(hires.map { text($0.i9.reviewedOn) })::text[],
                        \(hires.map { text($0.i9.receiptDocumentReceivedOn) })::text[],
                        \(hires.map { text($0.i9.reverification?.on) })::text[], \(hires.map { text($0.i9.reverification?.answered) })::text[])
                 AS r(id, s1, s2, preparer, reviewer, reviewed, receipt, reverified, answered)
            ON CONFLICT (tenant_id, hire_id) DO UPDATE SET
                section1_completed_on = EXCLUDED.section1_completed_on, section2_completed_on = EXCLUDED.section2_completed_on,
                preparer_id = EXCLUDED.preparer_id, reviewer_id = EXCLUDED.reviewer_id, reviewed_on = EXCLUDED.reviewed_on,
                receipt_document_received_on = EXCLUDED.receipt_document_received_on, reverified_on = EXCLUDED.reverified_on,
                reverification_answered = EXCLUDED.reverification_answered
            WHERE (i.section1_completed_on, i.section2_completed_on, i.preparer_id, i.reviewer_id, i.reviewed_on,
                   i.receipt_document_received_on, i.reverified_on, i.reverification_answered)
                IS DISTINCT FROM (EXCLUDED.section1_completed_on, EXCLUDED.section2_completed_on, EXCLUDED.preparer_id,
                   EXCLUDED.reviewer_id, EXCLUDED.reviewed_on, EXCLUDED.receipt_document_received_on,
                   EXCLUDED.reverified_on, EXCLUDED.reverification_answered)
            RETURNING i.hire_id
            """, logger: logger)
        return try await rows.decode(String.self).reduce(into: []) { $0.append($1) }
    }

    private func upsertCases(_ hires: [HireRecord], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let withCase = hires.compactMap { hire in hire.eVerifyCase.map { (hire.externalID, $0) } }
        guard !withCase.isEmpty else { return [] }
        let cases = withCase.map(\.1)
        let owners = try await connection.query("""
            SELECT case_number, hire_id FROM attest.everify_cases
            WHERE tenant_id = \(context.tenant.id) AND case_number = ANY(\(cases.map(\.caseNumber))::text[])
            """, logger: logger)
        let wanted = Dictionary(withCase.map { ($0.1.caseNumber, $0.0) }, uniquingKeysWith: { first, _ in first })
        for try await (number, owner) in owners.decode((String, String).self) where wanted[number] != owner {
            throw RecordViolation(field: "everify_case_number", "E-Verify case \(number) already belongs to hire \(owner), not \(wanted[number] ?? "?")")
        }
        let rows = try await connection.query("""
            INSERT INTO attest.everify_cases AS c (tenant_id, case_number, hire_id, created_on, status, tnc_issued_on,
                referred_on, final_result_on, closed_on, closure_reason, late_reason)
            SELECT \(context.tenant.id), r.number, r.hire, r.created::date, r.status, NULLIF(r.tnc, '')::date,
                   NULLIF(r.referred, '')::date, NULLIF(r.final, '')::date, NULLIF(r.closed, '')::date,
                   NULLIF(r.reason, ''), NULLIF(r.late, '')
            FROM unnest(\(cases.map(\.caseNumber))::text[], \(withCase.map(\.0))::text[], \(cases.map(\.createdOn.description))::text[],
                        \(cases.map(\.status.rawValue))::text[], \(cases.map { text($0.tncIssuedOn) })::text[],
                        \(cases.map { text($0.referredOn) })::text[], \(cases.map { text($0.finalResultOn) })::text[],
                        \(cases.map { text($0.closedOn) })::text[], \(cases.map { $0.closureReason ?? "" })::text[],
                        \(cases.map { $0.lateReason?.rawValue ?? "" })::text[])
                 AS r(number, hire, created, status, tnc, referred, final, closed, reason, late)
            ON CONFLICT (tenant_id, case_number) DO UPDATE SET
                created_on = EXCLUDED.created_on, status = EXCLUDED.status, tnc_issued_on = EXCLUDED.tnc_issued_on,
                referred_on = EXCLUDED.referred_on, final_result_on = EXCLUDED.final_result_on, closed_on = EXCLUDED.closed_on,
                closure_reason = EXCLUDED.closure_reason, late_reason = EXCLUDED.late_reason
            WHERE c.hire_id = EXCLUDED.hire_id
              AND (c.created_on, c.status, c.tnc_issued_on, c.referred_on, c.final_result_on, c.closed_on, c.closure_reason, c.late_reason)
                IS DISTINCT FROM (EXCLUDED.created_on, EXCLUDED.status, EXCLUDED.tnc_issued_on, EXCLUDED.referred_on,
                   EXCLUDED.final_result_on, EXCLUDED.closed_on, EXCLUDED.closure_reason, EXCLUDED.late_reason)
            RETURNING c.hire_id
            """, logger: logger)
        return try await rows.decode(String.self).reduce(into: []) { $0.append($1) }
    }
}

/// A date as `YYYY-MM-DD`, or the empty string for none (bound in text arrays).
func text(_ date: CivilDate?) -> String { date?.description ?? "" }

/// The date a `YYYY-MM-DD` column holds, or nil for NULL.
private func date(_ text: String?) throws -> CivilDate? {
    try text.map { try CivilDate(iso: $0) }
}
