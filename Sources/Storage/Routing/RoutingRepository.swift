import Compliance
import Foundation
import PostgresNIO

/// Reads what routing needs of a tenant: its people, the preparers and reviewers named
/// for some hires, its audits, and its contacts. Every query of routing.
public struct RoutingRepository: Sendable {
    public init() {}

    /// The routing of the tenant's reminders about these hires (and about everything
    /// else, which needs no per-subject facts).
    public func routing(hires: [String], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReminderRouting {
        let tenant = context.tenant.id
        var people: [RoutingFacts.Person] = []
        for try await (id, name, email, roles) in try await connection.query("""
            SELECT external_id, name, email, roles FROM attest.people WHERE tenant_id = \(tenant)
            """, logger: logger).decode((String, String, String?, [String]).self) {
            people.append(RoutingFacts.Person(id: id, name: name, email: email, roles: Set(roles.compactMap(PersonRecord.Role.init(rawValue:)))))
        }
        var assignments: [String: RoutingFacts.HireAssignment] = [:]
        if !hires.isEmpty {
            for try await (id, assigned, prepared, reviewer) in try await connection.query("""
                SELECT h.external_id, h.preparer_id, i.preparer_id, i.reviewer_id
                FROM attest.hires AS h LEFT JOIN attest.i9_records AS i ON i.tenant_id = h.tenant_id AND i.hire_id = h.external_id
                WHERE h.tenant_id = \(tenant) AND h.external_id = ANY(\(hires)::text[])
                """, logger: logger).decode((String, String?, String?, String?).self) {
                assignments[id] = RoutingFacts.HireAssignment(assignedPreparer: assigned, section2Preparer: prepared, reviewer: reviewer)
            }
        }
        var audits: [String: RoutingFacts.AuditAssignment] = [:]
        for try await (year, auditor, firm) in try await connection.query("""
            SELECT year::text, auditor_id, external_firm FROM attest.audits WHERE tenant_id = \(tenant)
            """, logger: logger).decode((String, String?, String?).self) {
            audits[year] = RoutingFacts.AuditAssignment(auditor: auditor, firm: firm)
        }
        let (contacts, operators) = try await self.contacts(tenant: tenant, connection: connection, logger: logger)
        return ReminderRouting(facts: RoutingFacts(people: people, hires: assignments, audits: audits), contacts: contacts, operators: operators)
    }

    /// The tenant's compliance contacts and its operator (and escalation) contacts.
    private func contacts(tenant: UUID, connection: PostgresConnection, logger: Logger) async throws -> ([String], [String]) {
        var contacts: [String] = [], operators: [String] = []
        for try await (email, role) in try await connection.query("""
            SELECT email, role FROM attest.tenant_contacts WHERE tenant_id = \(tenant) ORDER BY email
            """, logger: logger).decode((String, String).self) {
            if role == "compliance" { contacts.append(email) } else { operators.append(email) }
        }
        return (contacts, operators)
    }
}
