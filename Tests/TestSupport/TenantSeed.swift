import Compliance
import Foundation
import PostgresNIO
import Storage

/// The records the API and console tests give each of their tenants: the same ids in
/// every tenant (so a crossed id would show another tenant's row) and one id each
/// tenant alone has.
public enum TenantSeed {
    /// A tenant with two trained people, hire E-1 (Section 2 done, case open), a hire
    /// only it has (`H-alpha`, `H-bravo`), tip T-1 and one sent delivery.
    public static func seed(slug: String, operators: Database, daemonRoles: [String]) async throws -> Tenant {
        let tenant = try await TenantRepository(database: operators).add(try TenantDraft(
            slug: slug, legalName: "\(slug.capitalized) Foods LLC", timeZone: "America/Chicago",
            contacts: [TenantContact(name: "Jane Doe", email: "jane@\(slug).example", role: .compliance)], daemonRoles: daemonRoles))
        try await TenantWork(database: operators).run(tenant: tenant, actor: "test") { context, connection in
            let logger = TestDatabase.logger
            let people = PeopleRepository()
            _ = try await people.save([PersonRecord(externalID: "P-1", name: "Pat Preparer", roles: [.i9Preparer]),
                                       PersonRecord(externalID: "P-2", name: "Rey Reviewer", email: "rey@\(slug).example", roles: [.i9Reviewer])],
                                      context: context, connection: connection, logger: logger)
            _ = try await people.saveTrainings([TrainingRecord(personID: "P-1", completedOn: try CivilDate(iso: "2026-01-12")),
                                                TrainingRecord(personID: "P-2", completedOn: try CivilDate(iso: "2026-01-12"))],
                                               context: context, connection: connection, logger: logger)
            var hire = HireRecord(externalID: "E-1", startDate: try CivilDate(iso: "2026-11-23"))
            hire.citizenship = .citizen
            hire.i9.section2CompletedOn = try CivilDate(iso: "2026-11-24")
            hire.i9.preparerID = "P-1"
            hire.eVerifyCase = EVerifyCaseRecord(caseNumber: "\(slug.uppercased())-100", createdOn: try CivilDate(iso: "2026-11-25"))
            let own = HireRecord(externalID: "H-\(slug)", startDate: try CivilDate(iso: "2026-11-16"))
            _ = try await HireRepository().save([hire, own], context: context, connection: connection, logger: logger)
            _ = try await EventRecordsRepository().saveTip(TipRecord(tipID: "T-1", receivedOn: try CivilDate(iso: "2026-11-20"), channel: .phone),
                                                           context: context, connection: connection, logger: logger)
            try await connection.query("""
                INSERT INTO attest.deliveries (tenant_id, key, recipient, message_id, state, attempt, last_code, last_reply, sent_at)
                VALUES (\(tenant.id), 'test-1', \("jane@\(slug).example"), 'test-1@attest', 'sent', 1, 250, '2.0.0 queued', now())
                """, logger: logger)
        }
        return tenant
    }

}
