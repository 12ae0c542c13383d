import Compliance
import PostgresNIO

/// A company of the hiring network with the last day the IMAGE guidelines were sent to it.
public struct NetworkCompanyListing: Sendable, Equatable {
    public var company: NetworkCompanyRecord
    public var lastCommunicatedOn: String?
}

/// A scheduled (or completed) annual I-9 audit.
public struct AuditListing: Sendable, Equatable {
    public var year: Int
    public var periodStart, periodEnd: String
    /// The internal auditor's person id, or the external firm (one of the two).
    public var auditorID, externalFirm: String?
    public var scheduledOn, completedOn, findings: String?
}

extension NetworkRepository {
    /// Companies ordered by id, after `after`, at most `limit`.
    public func companyPage(after: String?, limit: Int, context: TenantContext, connection: PostgresConnection,
                            logger: Logger) async throws -> [NetworkCompanyListing] {
        let rows = try await connection.query("""
            SELECT c.company_id, c.name, c.contact_name, c.contact_email, to_char(c.joined_on, 'YYYY-MM-DD'),
                   (SELECT to_char(max(m.sent_on), 'YYYY-MM-DD') FROM attest.network_communications AS m
                    WHERE m.tenant_id = c.tenant_id AND m.company_id = c.company_id)
            FROM attest.network_companies AS c
            WHERE c.tenant_id = \(context.tenant.id) AND (\(after)::text IS NULL OR c.company_id > \(after))
            ORDER BY c.company_id
            LIMIT \(limit)
            """, logger: logger)
        var companies: [NetworkCompanyListing] = []
        for try await row in rows.decode((String, String, String?, String?, String, String?).self) {
            let company = NetworkCompanyRecord(companyID: row.0, name: row.1, contactName: row.2, contactEmail: row.3,
                                               joinedOn: try CivilDate(iso: row.4))
            companies.append(NetworkCompanyListing(company: company, lastCommunicatedOn: row.5))
        }
        return companies
    }
}

extension AnnualRepository {
    /// The tenant's audits, the latest year first.
    public func audits(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [AuditListing] {
        let rows = try await connection.query("""
            SELECT year, to_char(period_start, 'YYYY-MM-DD'), to_char(period_end, 'YYYY-MM-DD'), auditor_id, external_firm,
                   to_char(scheduled_on, 'YYYY-MM-DD'), to_char(completed_on, 'YYYY-MM-DD'), findings
            FROM attest.audits WHERE tenant_id = \(context.tenant.id)
            ORDER BY year DESC
            """, logger: logger)
        return try await rows.decode((Int, String, String, String?, String?, String?, String?, String?).self).reduce(into: []) {
            $0.append(AuditListing(year: $1.0, periodStart: $1.1, periodEnd: $1.2, auditorID: $1.3, externalFirm: $1.4,
                                   scheduledOn: $1.5, completedOn: $1.6, findings: $1.7))
        }
    }
}
