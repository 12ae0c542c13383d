import Compliance
import Foundation
import PostgresNIO

/// A company of the tenant's hiring network, to whom the IMAGE guidelines are sent.
public struct NetworkCompanyRecord: Sendable, Equatable {
    public var companyID: String
    public var name: String
    public var contactName: String?
    public var contactEmail: String?
    public var joinedOn: CivilDate

    public init(companyID: String, name: String, contactName: String? = nil, contactEmail: String? = nil, joinedOn: CivilDate) {
        self.companyID = companyID
        self.name = name
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.joinedOn = joinedOn
    }
}

/// The hiring network: every query on `attest.network_companies` and
/// `attest.network_communications`, and each company's communication obligation
/// (first within 30 days of joining, then yearly).
public struct NetworkRepository: Sendable {
    public init() {}

    public func saveCompany(_ company: NetworkCompanyRecord, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        guard RecordRules.isIdentifier(company.companyID) else {
            throw RecordViolation(field: "company", "\"\(company.companyID)\" is not an id (letters, digits, . _ -; at most 64)")
        }
        if let email = company.contactEmail { _ = try TenantValidation.email(email) }
        try await connection.query("""
            INSERT INTO attest.network_companies (tenant_id, company_id, name, contact_name, contact_email, joined_on)
            VALUES (\(context.tenant.id), \(company.companyID), \(company.name), \(company.contactName), \(company.contactEmail),
                    \(company.joinedOn.description)::date)
            ON CONFLICT (tenant_id, company_id) DO UPDATE SET name = EXCLUDED.name, contact_name = EXCLUDED.contact_name,
                contact_email = EXCLUDED.contact_email, joined_on = EXCLUDED.joined_on
            """, logger: logger)
        try await EventLog.append([Event(action: "network.company_saved", subjectKind: "network_company", subjectID: company.companyID)],
                                  context: context, connection: connection, logger: logger)
        return try await refresh([company.companyID], context: context, connection: connection, logger: logger)
    }

    /// Records that the IMAGE guidelines were sent to a company: its current
    /// communication obligation is done and the next year's opens. An unknown company
    /// is ``StorageError/Kind/notFound``.
    public func recordCommunication(company: String, on date: CivilDate, channel: String, reference: String,
                                    context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        let rows = try await connection.query("""
            INSERT INTO attest.network_communications (tenant_id, company_id, sent_on, channel, reference)
            SELECT c.tenant_id, c.company_id, \(date.description)::date, \(channel), \(reference)
            FROM attest.network_companies AS c WHERE c.tenant_id = \(context.tenant.id) AND c.company_id = \(company)
            ON CONFLICT (tenant_id, company_id, sent_on) DO UPDATE SET channel = EXCLUDED.channel, reference = EXCLUDED.reference
            RETURNING company_id
            """, logger: logger)
        guard try await rows.decode(String.self).first(where: { _ in true }) != nil else {
            throw StorageError(.notFound, "no network company \"\(company)\" in tenant \(context.tenant.slug) (add it first with `attest network add`)")
        }
        try await EventLog.append([Event(action: "network.guidelines_sent", subjectKind: "network_company", subjectID: company,
                                         details: ["on": date.description])], context: context, connection: connection, logger: logger)
        var report = try await refresh([company], context: context, connection: connection, logger: logger)
        let current = try await obligations([company], context: context, connection: connection, logger: logger)
        report.completed += try await ObligationStore.completeSuperseded(
            kind: .networkCommunication, subject: Subject(.networkCompany, company), keeping: current.first?.sourceKey ?? "",
            on: date, evidence: "IMAGE guidelines sent \(date)", context: context, connection: connection, logger: logger)
        return report
    }

    /// Reconciles the communication obligation of these companies (all when nil).
    public func refresh(_ companies: [String]?, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        let derived = try await obligations(companies, context: context, connection: connection, logger: logger)
        return try await ObligationStore.reconcile(subjects: [], derived: derived, completions: [],
                                                   context: context, connection: connection, logger: logger)
    }

    private func obligations(_ companies: [String]?, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [Obligation] {
        let rows = try await connection.query("""
            SELECT c.company_id, to_char(c.joined_on, 'YYYY-MM-DD'), to_char(max(m.sent_on), 'YYYY-MM-DD')
            FROM attest.network_companies AS c
            LEFT JOIN attest.network_communications AS m ON m.tenant_id = c.tenant_id AND m.company_id = c.company_id
            WHERE c.tenant_id = \(context.tenant.id) AND (\(companies == nil) OR c.company_id = ANY(\(companies ?? [])::text[]))
            GROUP BY c.company_id, c.joined_on
            """, logger: logger)
        var result: [Obligation] = []
        for try await (id, joined, last) in rows.decode((String, String, String?).self) {
            result.append(context.rules.obligation(for: NetworkCompany(id: id, joinedOn: try CivilDate(iso: joined),
                                                                       lastCommunicatedOn: try last.map { try CivilDate(iso: $0) })))
        }
        return result
    }
}
