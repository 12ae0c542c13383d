import Compliance
import Foundation
import Logging
import PostgresNIO

/// A tenant's contacts after `attest tenant add`: who receives its reminders
/// (compliance), the agency's operator for it, and who hears of escalations. Used by
/// `attest contact …` and the console's tenant page, in the tenant's transaction, so
/// that each change is an event of the tenant (actor: the OS user or the account).
/// A change of contacts re-plans the tenant's reminders (the triggers of sql/009).
extension TenantRepository {
    /// Adds a contact; refuses one already there with the same address and role.
    public static func addContact(_ contact: TenantContact, context: TenantContext, connection: PostgresConnection,
                                  logger: Logger) async throws -> ReconcileReport {
        let checked = try validated(contact)
        let rows = try await connection.query("""
            INSERT INTO attest.tenant_contacts (tenant_id, name, email, role)
            VALUES (\(context.tenant.id), \(checked.name), \(checked.email), \(checked.role.rawValue))
            ON CONFLICT (tenant_id, email, role) DO NOTHING
            RETURNING id
            """, logger: logger)
        guard try await rows.decode(UUID.self).first(where: { _ in true }) != nil else {
            throw RecordViolation(field: "email", "\(checked.email) is already one of the \(checked.role.rawValue) contacts of \(context.tenant.slug)")
        }
        try await EventLog.append([event("contact.added", checked, tenant: context.tenant.slug)], context: context, connection: connection, logger: logger)
        return ReconcileReport()
    }

    /// Removes the contact with this address and role. The last compliance contact
    /// stays: without one, the tenant's reminders would reach nobody.
    public static func removeContact(email: String, role: TenantContact.Role, context: TenantContext, connection: PostgresConnection,
                                     logger: Logger) async throws -> ReconcileReport {
        let rows = try await connection.query("""
            WITH gone AS (
                DELETE FROM attest.tenant_contacts WHERE tenant_id = \(context.tenant.id) AND email = \(email) AND role = \(role.rawValue)
                RETURNING name
            )
            SELECT (SELECT name FROM gone),
                   (SELECT count(*) FROM attest.tenant_contacts WHERE tenant_id = \(context.tenant.id) AND role = 'compliance')
                     - (SELECT count(*) FROM gone WHERE \(role.rawValue) = 'compliance')
            """, logger: logger)
        for try await (name, complianceLeft) in rows.decode((String?, Int64).self) {
            guard let name else {
                throw RecordViolation(field: "email", "\(context.tenant.slug) has no \(role.rawValue) contact \(email) (see its tenant page or `attest tenant show`)")
            }
            guard complianceLeft > 0 else {
                throw RecordViolation(field: "email", "\(email) is the last compliance contact of \(context.tenant.slug): add another one first, or its reminders reach nobody")
            }
            let contact = TenantContact(name: name, email: email, role: role)
            try await EventLog.append([event("contact.removed", contact, tenant: context.tenant.slug)], context: context, connection: connection, logger: logger)
        }
        return ReconcileReport()
    }

    /// The contact with its name and address checked, each problem naming its field.
    private static func validated(_ contact: TenantContact) throws(RecordViolation) -> TenantContact {
        let name: String, email: String
        do { name = try TenantValidation.contactName(contact.name) } catch { throw RecordViolation(field: "name", error.message) }
        do { email = try TenantValidation.email(contact.email) } catch { throw RecordViolation(field: "email", error.message) }
        return TenantContact(name: name, email: email, role: contact.role)
    }

    private static func event(_ action: String, _ contact: TenantContact, tenant: String) -> Event {
        Event(action: action, subjectKind: "tenant", subjectID: tenant, details: ["email": contact.email, "role": contact.role.rawValue])
    }
}
