import Foundation
import PostgresNIO

/// Runs one unit of a tenant's work: one transaction scoped to the tenant, with its
/// rules loaded. All or nothing: any error rolls everything back.
public struct TenantWork: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Runs `body` for the tenant named `slug`, acting as `actor`.
    public func run<Result: Sendable>(
        slug: String,
        actor: String,
        _ body: (TenantContext, PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let tenant = try await TenantRepository(database: database).require(slug: slug)
        return try await run(tenant: tenant, actor: actor, body)
    }

    /// Runs `body` for a tenant already looked up (the daemon's loop).
    public func run<Result: Sendable>(
        tenant: Tenant,
        actor: String,
        _ body: (TenantContext, PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let logger = database.logger
        do {
            return try await database.withTenant(tenant.id) { connection in
                let context = try await TenantContext.load(tenant: tenant, actor: actor, connection: connection, logger: logger)
                return try await body(context, connection)
            }
        } catch let error as PSQLError {
            throw RecordErrors.translate(error)
        }
    }
}

/// Turns constraint violations of the records schema into messages naming the rule.
public enum RecordErrors {
    public static func translate(_ error: PSQLError) -> any Error {
        guard let constraint = PostgresErrorText.constraint(error) else { return error }
        let message: String? = switch constraint {
        case "trainings_tenant_id_person_id_fkey": "training: the person is not recorded (add them with `attest person add` or import people first)"
        case "i9_records_tenant_id_preparer_id_fkey": "section2_preparer: the preparer is not a recorded person"
        case "hires_tenant_id_preparer_id_fkey": "preparer: the assigned preparer is not a recorded person"
        case "i9_records_tenant_id_reviewer_id_fkey": "reviewer: the reviewer is not a recorded person"
        case "audits_tenant_id_auditor_id_fkey": "auditor: the auditor is not a recorded person"
        case "nomatch_letters_tenant_id_hire_id_fkey": "employee_id: the letter names a hire that is not recorded"
        case "everify_cases_tenant_id_hire_id_fkey": "employee_id: the case names a hire that is not recorded"
        case "trainings_tenant_id_curriculum_fkey": "curriculum: no such curriculum version is recorded"
        case "i9_reviewer_is_not_preparer": "reviewer: the secondary reviewer must be a different person from the preparer"
        case "network_communications_tenant_id_company_id_fkey": "company: no such company in the hiring network (add it with `attest network add`)"
        default: nil
        }
        guard let message else { return error }
        return StorageError(.invalidInput, message)
    }
}
