import Compliance
import Foundation
import PostgresNIO

// Lists the console shows and the API does not (yet): E-Verify cases, policies, a
// subject's event trail, the tenant's closures. Each query is an extension of the
// repository that owns its table.

/// An E-Verify case with the hire it belongs to.
public struct EVerifyCaseListing: Sendable, Equatable {
    public var hireID: String
    public var eVerifyCase: EVerifyCaseRecord
}

/// A policy and its last review.
public struct PolicyListing: Sendable, Equatable {
    public var policyID: String
    public var kind: String
    public var title: String
    public var lastReviewedOn: String
}

/// One entry of a tenant's event trail.
public struct EventListing: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var subjectKind: String
    public var subjectID: String
    /// The details as a JSON object.
    public var details: String
}

/// A day the tenant does not operate.
public struct ClosureListing: Sendable, Equatable {
    public var day: String
    public var note: String
}

extension HireRepository {
    /// E-Verify cases ordered by case number, after `after`, at most `limit`.
    public func casePage(after: String?, limit: Int, context: TenantContext, connection: PostgresConnection,
                         logger: Logger) async throws -> [EVerifyCaseListing] {
        let rows = try await connection.query("""
            SELECT hire_id, case_number, to_char(created_on, 'YYYY-MM-DD'), status, to_char(tnc_issued_on, 'YYYY-MM-DD'),
                   to_char(referred_on, 'YYYY-MM-DD'), to_char(final_result_on, 'YYYY-MM-DD'),
                   to_char(closed_on, 'YYYY-MM-DD'), closure_reason, late_reason
            FROM attest.everify_cases
            WHERE tenant_id = \(context.tenant.id) AND (\(after)::text IS NULL OR case_number > \(after))
            ORDER BY case_number
            LIMIT \(limit)
            """, logger: logger)
        var listings: [EVerifyCaseListing] = []
        for try await row in rows.decode(CaseRow.self) {
            listings.append(EVerifyCaseListing(hireID: row.0, eVerifyCase: try Self.caseRecord(row)))
        }
        return listings
    }
}

extension ProgramRepository {
    /// The tenant's policies, by id.
    public func policies(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [PolicyListing] {
        let rows = try await connection.query("""
            SELECT policy_id, kind, title, to_char(last_reviewed_on, 'YYYY-MM-DD')
            FROM attest.policies WHERE tenant_id = \(context.tenant.id) ORDER BY policy_id
            """, logger: logger)
        return try await rows.decode((String, String, String, String).self).reduce(into: []) {
            $0.append(PolicyListing(policyID: $1.0, kind: $1.1, title: $1.2, lastReviewedOn: $1.3))
        }
    }
}

extension EventLog {
    /// The trail of one subject (`hire`/`E-1001`), oldest first, at most `limit`.
    public static func trail(subjectKind: String, subjectID: String, limit: Int, context: TenantContext,
                             connection: PostgresConnection, logger: Logger) async throws -> [EventListing] {
        let rows = try await connection.query("""
            SELECT id, at, actor, action, subject_kind, subject_id, details::text
            FROM attest.events
            WHERE tenant_id = \(context.tenant.id) AND subject_kind = \(subjectKind) AND subject_id = \(subjectID)
            ORDER BY id
            LIMIT \(limit)
            """, logger: logger)
        return try await rows.decode((Int64, Date, String, String, String, String, String).self).reduce(into: []) {
            $0.append(EventListing(id: $1.0, at: $1.1, actor: $1.2, action: $1.3, subjectKind: $1.4, subjectID: $1.5, details: $1.6))
        }
    }
}

extension CalendarRepository {
    /// The tenant's closures, by day.
    public static func closures(tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> [ClosureListing] {
        let rows = try await connection.query("""
            SELECT to_char(day, 'YYYY-MM-DD'), note FROM attest.tenant_closures WHERE tenant_id = \(tenant) ORDER BY day
            """, logger: logger)
        return try await rows.decode((String, String).self).reduce(into: []) {
            $0.append(ClosureListing(day: $1.0, note: $1.1))
        }
    }
}
