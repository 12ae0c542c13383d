import Compliance
import Foundation
import PostgresNIO

/// A hire's exception to the hiring safeguards, as stored and listed.
public struct HireException: Sendable, Equatable, Codable {
    /// The hire's employee id.
    public var hire: String
    /// `no_case_without_reason`, `case_before_offer_accepted`, `case_before_i9_completed`,
    /// `section1_before_offer_accepted` (``SafeguardException/kind``).
    public var kind: String
    /// What the records show and the rule it goes against.
    public var detail: String
}

/// `attest.hire_exceptions`: what the records show was not followed (pre-screening,
/// selective use of E-Verify), kept current each time a hire is saved.
public enum HireExceptionStore {
    /// Makes the stored exceptions of `hires` those their records show now: one
    /// statement, whatever the number of hires; unchanged rows are not written.
    static func reconcile(_ hires: [HireRecord], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws {
        let found = hires.flatMap { hire in hire.safeguardFacts.exceptions.map { (hire.externalID, $0) } }
        try await connection.query("""
            WITH wanted AS (
                SELECT * FROM unnest(\(found.map(\.0))::text[], \(found.map(\.1.kind))::text[], \(found.map(\.1.description))::text[])
                    AS w(hire_id, kind, detail)),
            gone AS (
                DELETE FROM attest.hire_exceptions AS e
                WHERE e.tenant_id = \(context.tenant.id) AND e.hire_id = ANY(\(hires.map(\.externalID))::text[])
                  AND NOT EXISTS (SELECT 1 FROM wanted AS w WHERE w.hire_id = e.hire_id AND w.kind = e.kind))
            INSERT INTO attest.hire_exceptions AS e (tenant_id, hire_id, kind, detail)
            SELECT \(context.tenant.id), w.hire_id, w.kind, w.detail FROM wanted AS w
            ON CONFLICT (tenant_id, hire_id, kind) DO UPDATE SET detail = EXCLUDED.detail WHERE e.detail IS DISTINCT FROM EXCLUDED.detail
            """, logger: logger)
    }

    /// The tenant's exceptions, by hire then kind; hires that started in `year` only, when given.
    public static func list(year: Int? = nil, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [HireException] {
        let rows = try await connection.query("""
            SELECT e.hire_id, e.kind, e.detail FROM attest.hire_exceptions AS e
            JOIN attest.hires AS h ON h.tenant_id = e.tenant_id AND h.external_id = e.hire_id
            WHERE e.tenant_id = \(context.tenant.id) AND (\(year)::int IS NULL OR extract(year FROM h.start_date) = \(year)::int)
            ORDER BY e.hire_id, e.kind
            """, logger: logger)
        return try await rows.decode((String, String, String).self).reduce(into: []) { $0.append(HireException(hire: $1.0, kind: $1.1, detail: $1.2)) }
    }
}
