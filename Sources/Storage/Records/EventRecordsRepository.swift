import Compliance
import Foundation
import PostgresNIO

/// A tip from an employee and the steps of the protocol answering it.
public struct TipRecord: Sendable, Equatable {
    public enum Channel: String, Sendable, CaseIterable { case web, phone, email, mail, inPerson = "in_person", other }
    public enum Status: String, Sendable, CaseIterable { case received, acknowledged, investigating, responded, closed }

    public var tipID: String
    public var receivedOn: CivilDate
    public var channel: Channel
    public var anonymous = true
    public var status: Status = .received
    public var acknowledgedOn: CivilDate?
    /// The day the investigation started.
    public var investigatedOn: CivilDate?
    public var respondedOn: CivilDate?
    public var closedOn: CivilDate?
    public var protocolSteps = ""
    /// The language the reporter used (`en` or `es`); the public answer is written in it.
    public var language = "en"
    /// What the reporter may read with the receipt code (empty until answered).
    public var publicAnswer = ""

    public init(tipID: String, receivedOn: CivilDate, channel: Channel) {
        self.tipID = tipID
        self.receivedOn = receivedOn
        self.channel = channel
    }
}

/// A violation or deficiency found and reported under the self-reporting procedure.
public struct SelfReportRecord: Sendable, Equatable {
    public enum Source: String, Sendable, CaseIterable { case audit, tip, nomatch, everify, other }

    public var reportID: String
    public var discoveredOn: CivilDate
    public var source: Source
    public var sourceReference: String?
    public var description: String
    public var correctiveAction: String?
    public var followUpOn: CivilDate?
    public var correctedOn: CivilDate?
    public var reportedToICEOn: CivilDate?

    public init(reportID: String, discoveredOn: CivilDate, source: Source, description: String) {
        self.reportID = reportID
        self.discoveredOn = discoveredOn
        self.source = source
        self.description = description
    }
}

/// Tips and self-reports: every query on `attest.tips` and `attest.self_reports`, and
/// the reconciliation of their obligations (acknowledge, investigate and respond; correct
/// and report).
public struct EventRecordsRepository: Sendable {
    public init() {}

    public func saveTip(_ tip: TipRecord, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        let dates: [(CivilDate?, String)] = [(tip.acknowledgedOn, "acknowledged_on"), (tip.investigatedOn, "investigated_on"),
                                             (tip.respondedOn, "responded_on"), (tip.closedOn, "closed_on")]
        try check(id: tip.tipID, field: "tip", dates: dates, after: tip.receivedOn, what: "the tip was received")
        guard tip.publicAnswer.count <= 4000 else { throw RecordViolation(field: "answer", "the public answer has more than 4000 characters") }
        try await connection.query("""
            INSERT INTO attest.tips AS t (tenant_id, tip_id, received_on, channel, anonymous, status, acknowledged_on,
                                          investigated_on, responded_on, closed_on, protocol_steps, language, public_answer)
            VALUES (\(context.tenant.id), \(tip.tipID), \(tip.receivedOn.description)::date, \(tip.channel.rawValue), \(tip.anonymous),
                    \(tip.status.rawValue), \(tip.acknowledgedOn?.description)::date, \(tip.investigatedOn?.description)::date,
                    \(tip.respondedOn?.description)::date, \(tip.closedOn?.description)::date, \(tip.protocolSteps), \(tip.language),
                    \(tip.publicAnswer))
            ON CONFLICT (tenant_id, tip_id) DO UPDATE SET received_on = EXCLUDED.received_on, channel = EXCLUDED.channel,
                anonymous = EXCLUDED.anonymous, status = EXCLUDED.status, acknowledged_on = EXCLUDED.acknowledged_on,
                investigated_on = EXCLUDED.investigated_on, responded_on = EXCLUDED.responded_on, closed_on = EXCLUDED.closed_on, protocol_steps = EXCLUDED.protocol_steps,
                language = EXCLUDED.language, public_answer = EXCLUDED.public_answer
            """, logger: logger)
        try await EventLog.append([Event(action: "tip.\(tip.status.rawValue)", subjectKind: "tip", subjectID: tip.tipID)],
                                  context: context, connection: connection, logger: logger)
        return try await reconcile(tip, context: context, connection: connection, logger: logger)
    }

    /// Re-derives a tip's obligations (acknowledge, investigate, respond) and completes
    /// what is done: a later step completes an earlier one that is still open (an answered
    /// or closed tip was investigated; an investigated one was acknowledged).
    func reconcile(_ tip: TipRecord, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        let derived = try context.rules.obligations(for: Tip(id: tip.tipID, receivedOn: tip.receivedOn))
        let completions = derived.compactMap { obligation in
            Self.completion(of: obligation, by: tip).map { Completion(sourceKey: obligation.sourceKey, on: $0.on, evidence: $0.evidence) }
        }
        return try await ObligationStore.reconcile(subjects: [Subject(.tip, tip.tipID)], derived: derived, completions: completions,
                                                   context: context, connection: connection, logger: logger)
    }

    /// The day and evidence that complete one of a tip's obligations, or nil while it is
    /// open: the step itself, else the first later step taken.
    static func completion(of obligation: Obligation, by tip: TipRecord) -> (on: CivilDate, evidence: String)? {
        let (acknowledged, investigated) = ((tip.acknowledgedOn, "tip acknowledged"), (tip.investigatedOn, "tip investigated"))
        let (answered, closed) = ((tip.respondedOn, "tip answered"), (tip.closedOn, "tip closed"))
        let steps: [(CivilDate?, String)] = switch obligation.kind {
        case .tipAcknowledge: [acknowledged, investigated, answered, closed]
        case .tipInvestigate: [investigated, answered, closed]
        default: [answered]
        }
        return steps.lazy.compactMap { step in step.0.map { ($0, step.1) } }.first
    }

    public func loadTip(_ id: String, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> TipRecord {
        let rows = try await connection.query("""
            SELECT to_char(received_on, 'YYYY-MM-DD'), channel, anonymous, status, to_char(acknowledged_on, 'YYYY-MM-DD'),
                   to_char(responded_on, 'YYYY-MM-DD'), to_char(closed_on, 'YYYY-MM-DD'), protocol_steps, language, public_answer,
                   to_char(investigated_on, 'YYYY-MM-DD')
            FROM attest.tips WHERE tenant_id = \(context.tenant.id) AND tip_id = \(id)
            """, logger: logger)
        for try await row in rows.decode((String, String, Bool, String, String?, String?, String?, String, String, String, String?).self) {
            var tip = TipRecord(tipID: id, receivedOn: try CivilDate(iso: row.0), channel: TipRecord.Channel(rawValue: row.1) ?? .other)
            tip.anonymous = row.2
            tip.status = TipRecord.Status(rawValue: row.3) ?? .received
            tip.acknowledgedOn = try row.4.map { try CivilDate(iso: $0) }
            tip.respondedOn = try row.5.map { try CivilDate(iso: $0) }
            tip.closedOn = try row.6.map { try CivilDate(iso: $0) }
            tip.protocolSteps = row.7
            tip.language = row.8
            tip.publicAnswer = row.9
            tip.investigatedOn = try row.10.map { try CivilDate(iso: $0) }
            return tip
        }
        throw StorageError(.notFound, "no tip \"\(id)\" in tenant \(context.tenant.slug)")
    }

    public func saveSelfReport(_ report: SelfReportRecord, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        let dates: [(CivilDate?, String)] = [(report.followUpOn, "follow_up_on"), (report.correctedOn, "corrected_on"), (report.reportedToICEOn, "reported_on")]
        try check(id: report.reportID, field: "report", dates: dates, after: report.discoveredOn, what: "it was discovered")
        if report.correctedOn != nil && (report.correctiveAction ?? "").isEmpty {
            throw RecordViolation(field: "corrective_action", "a corrected violation needs its corrective action described")
        }
        try await checkSource(of: report, context: context, connection: connection, logger: logger)
        try await connection.query("""
            INSERT INTO attest.self_reports (tenant_id, report_id, discovered_on, source, source_ref, description, corrective_action,
                                             follow_up_on, corrected_on, reported_to_ice_on)
            VALUES (\(context.tenant.id), \(report.reportID), \(report.discoveredOn.description)::date, \(report.source.rawValue),
                    \(report.sourceReference), \(report.description), \(report.correctiveAction), \(report.followUpOn?.description)::date,
                    \(report.correctedOn?.description)::date, \(report.reportedToICEOn?.description)::date)
            ON CONFLICT (tenant_id, report_id) DO UPDATE SET discovered_on = EXCLUDED.discovered_on, source = EXCLUDED.source,
                source_ref = EXCLUDED.source_ref, description = EXCLUDED.description, corrective_action = EXCLUDED.corrective_action,
                follow_up_on = EXCLUDED.follow_up_on, corrected_on = EXCLUDED.corrected_on, reported_to_ice_on = EXCLUDED.reported_to_ice_on
            """, logger: logger)
        try await EventLog.append([Event(action: "selfreport.saved", subjectKind: "self_report", subjectID: report.reportID)],
                                  context: context, connection: connection, logger: logger)
        return try await reconcile(report, context: context, connection: connection, logger: logger)
    }

    /// A self-report that names the audit (its year), tip, no-match letter or E-Verify
    /// case it came from must name a recorded one.
    private func checkSource(of report: SelfReportRecord, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws {
        guard let reference = report.sourceReference, report.source != .other else { return }
        let rows = try await connection.query("""
            SELECT CASE \(report.source.rawValue)
                WHEN 'audit' THEN EXISTS (SELECT 1 FROM attest.audits WHERE tenant_id = \(context.tenant.id) AND year::text = \(reference))
                WHEN 'tip' THEN EXISTS (SELECT 1 FROM attest.tips WHERE tenant_id = \(context.tenant.id) AND tip_id = \(reference))
                WHEN 'nomatch' THEN EXISTS (SELECT 1 FROM attest.nomatch_letters WHERE tenant_id = \(context.tenant.id) AND letter_id = \(reference))
                WHEN 'everify' THEN EXISTS (SELECT 1 FROM attest.everify_cases WHERE tenant_id = \(context.tenant.id) AND case_number = \(reference))
                ELSE true END
            """, logger: logger)
        guard try await rows.decode(Bool.self).first(where: { _ in true }) == true else {
            let what = ["audit": "no audit of year", "tip": "no tip", "nomatch": "no no-match letter", "everify": "no E-Verify case"][report.source.rawValue] ?? "nothing"
            throw RecordViolation(field: "source_ref", "\(what) \"\(reference)\" is recorded; name the \(report.source.rawValue) record the violation came from, or leave --source-ref out")
        }
    }

    /// Re-derives a self-report's obligations (correct, report) and completes what is done.
    func reconcile(_ report: SelfReportRecord, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        let derived = try context.rules.obligations(for: SelfReport(id: report.reportID, discoveredOn: report.discoveredOn, followUpOn: report.followUpOn))
        let completions = derived.compactMap { obligation -> Completion? in
            let done = obligation.kind == .selfReportCorrect ? report.correctedOn : report.reportedToICEOn
            return done.map { Completion(sourceKey: obligation.sourceKey, on: $0, evidence: obligation.kind == .selfReportCorrect ? "corrected" : "reported to ICE") }
        }
        return try await ObligationStore.reconcile(subjects: [Subject(.selfReport, report.reportID)], derived: derived, completions: completions,
                                                   context: context, connection: connection, logger: logger)
    }

    public func loadSelfReport(_ id: String, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> SelfReportRecord {
        guard let report = try await selfReportPage(only: id, after: nil, limit: 1, context: context, connection: connection, logger: logger).first else {
            throw StorageError(.notFound, "no self-report \"\(id)\" in tenant \(context.tenant.slug)")
        }
        return report
    }

    /// Self-reports ordered by id, after `after`, at most `limit` (only the one with id `only`, when given).
    public func selfReportPage(only: String? = nil, after: String?, limit: Int, context: TenantContext,
                               connection: PostgresConnection, logger: Logger) async throws -> [SelfReportRecord] {
        let rows = try await connection.query("""
            SELECT report_id, to_char(discovered_on, 'YYYY-MM-DD'), source, source_ref, description, corrective_action,
                   to_char(follow_up_on, 'YYYY-MM-DD'), to_char(corrected_on, 'YYYY-MM-DD'), to_char(reported_to_ice_on, 'YYYY-MM-DD')
            FROM attest.self_reports
            WHERE tenant_id = \(context.tenant.id) AND (\(only)::text IS NULL OR report_id = \(only))
                  AND (\(after)::text IS NULL OR report_id > \(after))
            ORDER BY report_id
            LIMIT \(limit)
            """, logger: logger)
        var reports: [SelfReportRecord] = []
        for try await row in rows.decode((String, String, String, String?, String, String?, String?, String?, String?).self) {
            var report = SelfReportRecord(reportID: row.0, discoveredOn: try CivilDate(iso: row.1),
                                          source: SelfReportRecord.Source(rawValue: row.2) ?? .other, description: row.4)
            report.sourceReference = row.3
            report.correctiveAction = row.5
            report.followUpOn = try row.6.map { try CivilDate(iso: $0) }
            report.correctedOn = try row.7.map { try CivilDate(iso: $0) }
            report.reportedToICEOn = try row.8.map { try CivilDate(iso: $0) }
            reports.append(report)
        }
        return reports
    }

    /// Every tip and self-report id of the tenant (for recomputation).
    func ids(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> (tips: [String], reports: [String]) {
        let tips = try await connection.query("SELECT tip_id FROM attest.tips WHERE tenant_id = \(context.tenant.id)", logger: logger)
            .decode(String.self).reduce(into: [String]()) { $0.append($1) }
        let reports = try await connection.query("SELECT report_id FROM attest.self_reports WHERE tenant_id = \(context.tenant.id)", logger: logger)
            .decode(String.self).reduce(into: [String]()) { $0.append($1) }
        return (tips, reports)
    }

    private func check(id: String, field: String, dates: [(CivilDate?, String)], after start: CivilDate, what: String) throws {
        guard RecordRules.isIdentifier(id) else {
            throw RecordViolation(field: field, "\"\(id)\" is not an id (letters, digits, . _ -; at most 64)")
        }
        for case let (date?, name) in dates where date < start {
            throw RecordViolation(field: name, "\(date) is before \(what) (\(start))")
        }
    }
}
