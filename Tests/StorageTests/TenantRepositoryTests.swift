import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

@Suite struct TenantDraftTests {
    @Test(arguments: ["", "a", "Acme", "acme_foods", "-acme", "acme-", "9acme", String(repeating: "a", count: 41)])
    func refusesBadSlugs(slug: String) {
        #expect(throws: StorageError.self) { try TenantDraft(slug: slug, legalName: "Acme", timeZone: "America/Chicago") }
    }

    @Test(arguments: ["Mars/Olympus", "EST5EDT6", "america/chicago", "", "Chicago"])
    func refusesUnknownTimeZones(zone: String) throws {
        let error = #expect(throws: StorageError.self) { try TenantDraft(slug: "acme", legalName: "Acme", timeZone: zone) }
        #expect(error?.message.contains("time zone") == true)
    }

    @Test(arguments: ["jane", "jane@", "@acme.example", "jane@acme", "jane doe@acme.example", "a@b.c\r\nBcc: x@y.z"])
    func refusesMalformedEmails(email: String) {
        let error = #expect(throws: StorageError.self) {
            try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "America/Chicago",
                            contacts: [TenantContact(name: "Jane", email: email, role: .compliance)])
        }
        #expect(error?.message.contains("e-mail address") == true)
    }

    @Test func refusesBadDatesAndHours() {
        #expect(throws: StorageError.self) {
            try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "UTC", imageAgreementDate: "2023-02-29")
        }
        #expect(throws: StorageError.self) {
            try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "UTC", imageAgreementDate: "03/01/2024")
        }
        #expect(throws: StorageError.self) { try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "UTC", sendHour: 24) }
        #expect(throws: StorageError.self) { try TenantDraft(slug: "acme", legalName: "  ", timeZone: "UTC") }
    }

    @Test func parsesContactsWithAndWithoutDisplayNames() throws {
        let named = try TenantValidation.contact("Jane Doe <jane@acme.example>", role: .compliance)
        #expect(named == TenantContact(name: "Jane Doe", email: "jane@acme.example", role: .compliance))
        let bare = try TenantValidation.contact("jane@acme.example", role: .escalation)
        #expect(bare.email == "jane@acme.example")
        #expect(throws: StorageError.self) { try TenantValidation.contact("Jane <jane@acme>", role: .compliance) }
    }

    @Test func acceptsAValidTenant() throws {
        let draft = try TenantDraft(slug: "acme-foods", legalName: " Acme Foods LLC ", timeZone: "America/Los_Angeles",
                                    imageAgreementDate: "2024-02-29", sendHour: 7)
        #expect(draft.legalName == "Acme Foods LLC")
    }
}

@Suite struct TenantRepositoryTests {
    @Test func addListShowDisable() async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                let tenants = TenantRepository(database: db)
                let added = try await tenants.add(try TenantDraft(
                    slug: "acme", legalName: "Acme LLC", timeZone: "America/Chicago", imageAgreementDate: "2024-03-01",
                    sendHour: 9, contacts: [TenantContact(name: "Jane", email: "jane@acme.example", role: .compliance)],
                    daemonRoles: ["attest_daemon"]))
                #expect(added.slug == "acme")
                #expect(added.imageAgreementDate == "2024-03-01")
                #expect(added.sendHour == 9)
                #expect(added.contacts.map(\.email) == ["jane@acme.example"])
                #expect(added.daemonRoles == ["attest_daemon"])
                #expect(try await tenants.list().map(\.slug) == ["acme"])
                #expect(try await tenants.require(slug: "acme").id == added.id)
                let disabled = try await tenants.disable(slug: "acme")
                #expect(disabled.isDisabled)
                await #expect(throws: StorageError.self) { try await tenants.require(slug: "nope") }
                await #expect(throws: StorageError.self) { try await tenants.disable(slug: "nope") }
            }
        }
    }

    @Test func aDuplicateSlugIsRefusedAndChangesNothing() async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                let tenants = TenantRepository(database: db)
                _ = try await tenants.add(try TenantDraft(slug: "acme", legalName: "Acme LLC", timeZone: "UTC"))
                let error = await #expect(throws: StorageError.self) {
                    try await tenants.add(try TenantDraft(
                        slug: "acme", legalName: "Other", timeZone: "UTC",
                        contacts: [TenantContact(name: "X", email: "x@other.example", role: .compliance)]))
                }
                #expect(error?.kind == .conflict)
                #expect(error?.message == "a tenant with slug \"acme\" already exists")
                let all = try await tenants.list()
                #expect(all.count == 1)
                #expect(all.first?.legalName == "Acme LLC")
                #expect(all.first?.contacts.isEmpty == true)
            }
        }
    }

    @Test func aBadDaemonRoleRollsBackTheWholeAdd() async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { db in
                let tenants = TenantRepository(database: db)
                for role in ["no_such_role", "attest_operator", "attest_owner"] {
                    let error = await #expect(throws: StorageError.self) {
                        try await tenants.add(try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "UTC", daemonRoles: [role]))
                    }
                    #expect(error?.message.contains(role) == true)
                }
                let remaining = try await tenants.list()
                #expect(remaining.isEmpty)
            }
        }
    }

    /// A grant goes only to a daemon login role of its own: never to a group role (a role
    /// is a member of itself, so attest_app once passed), a role with members, a role that
    /// cannot log in or one that is also an owner — whether asked through Storage or
    /// inserted straight into the table.
    @Test func grantsGoOnlyToADaemonLoginRoleNobodyElseBelongsTo() async throws {
        try await TestDatabase.withFresh { database in
            let daemon = try await database.createDaemonRole(prefix: "daemon")
            let shared = try await database.createDaemonRole(prefix: "shared")
            let member = try await database.createDaemonRole(prefix: "member")
            let nologin = try await database.createDaemonRole(prefix: "nologin")
            let owner = try await database.createDaemonRole(prefix: "owner")
            try await database.superuser { connection in
                for statement in ["GRANT \(shared) TO \(member)", "ALTER ROLE \(nologin) NOLOGIN", "GRANT attest_owner TO \(owner)"] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                }
            }
            try await database.withDatabase(role: "attest_operator") { db in
                let tenants = TenantRepository(database: db)
                let acme = try await tenants.add(try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "UTC"))
                let refusals = [("attest_app", "group roles"), ("attest_console", "group roles"), (shared, "has members"),
                                (nologin, "cannot log in"), (owner, "owner, operator or console"), ("no_such_role", "does not exist")]
                for (role, reason) in refusals {
                    let error = await #expect(throws: StorageError.self) { try await tenants.grant(slug: "acme", role: role) }
                    #expect(error?.message.contains(reason) == true, "\(role): \(error?.message ?? "granted")")
                    await #expect(throws: PSQLError.self, "\(role) was inserted past the trigger") {
                        try await db.client.query("INSERT INTO attest.tenant_access (tenant_id, role_name) VALUES (\(acme.id), \(role))")
                    }
                }
                #expect(try await tenants.grant(slug: "acme", role: daemon).daemonRoles == [daemon])
                #expect(try await tenants.revoke(slug: "acme", role: daemon).daemonRoles.isEmpty)
                let again = await #expect(throws: StorageError.self) { try await tenants.revoke(slug: "acme", role: daemon) }
                #expect(again?.kind == .notFound)
            }
        }
    }

    /// A grant belongs to the role it was given to, not to its name: dropped and made
    /// again, a role of the same name sees no tenant until an operator grants it again
    /// (as after a restore into another cluster, docs/operations.md).
    @Test func aRecreatedRoleInheritsNoGrantUntilGrantedAgain() async throws {
        try await TestDatabase.withFresh { database in
            let role = try await database.createDaemonRole(prefix: "reborn")
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantRepository(database: db).add(try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "UTC", daemonRoles: [role]))
            }
            #expect(try await Self.visibleTenants(database, role: role) == ["acme"])
            try await database.superuser { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "DROP ROLE \(role)"), logger: TestDatabase.logger)
            }
            _ = try await database.createDaemonRole(prefix: "reborn")
            #expect(try await Self.visibleTenants(database, role: role) == [])
            let granted = try await database.withDatabase(role: "attest_operator") { db in
                try await TenantRepository(database: db).grant(slug: "acme", role: role)
            }
            #expect(granted.daemonRoles == [role])
            #expect(try await Self.visibleTenants(database, role: role) == ["acme"])
        }
    }

    private static func visibleTenants(_ database: TestDatabase, role: String) async throws -> [String] {
        try await database.withDatabase(role: role) { db in
            try await TenantRepository(database: db).list().map(\.slug)
        }
    }

    @Test func onlyTheOperatorAdministersTenants() async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_daemon") { db in
                await #expect(throws: (any Error).self) {
                    try await TenantRepository(database: db).add(try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "UTC"))
                }
            }
        }
    }
}

@Suite struct ServerSafetyCheckTests {
    @Test func theDaemonRolePassesAndOthersAreRefused() async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_daemon") { db in
                try await ServerSafetyCheck(database: db).verifyDaemonRole()
            }
            let shared = try await database.createDaemonRole(prefix: "shared")
            let member = try await database.createDaemonRole(prefix: "member")
            let owner = try await database.createDaemonRole(prefix: "owner")
            try await database.superuser { connection in
                for statement in ["GRANT \(shared) TO \(member)", "GRANT attest_owner TO \(owner)"] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: TestDatabase.logger)
                }
            }
            for role in ["attest_operator", "attest_owner", shared, owner] {
                try await database.withDatabase(role: role) { db in
                    let error = await #expect(throws: StorageError.self, "\(role) passed") { try await ServerSafetyCheck(database: db).verifyDaemonRole() }
                    #expect(error?.kind == .unsafeRole)
                }
            }
        }
    }

    @Test func asynchronousCommitIsRefused() async throws {
        try await TestDatabase.withFresh { database in
            let role = try await database.createDaemonRole(prefix: "async")
            try await database.superuser { connection in
                try await connection.query("ALTER ROLE \(unescaped: role) SET synchronous_commit = off", logger: TestDatabase.logger)
            }
            try await database.withDatabase(role: role) { db in
                let error = await #expect(throws: StorageError.self) { try await ServerSafetyCheck(database: db).verifyDaemonRole() }
                #expect(error?.kind == .unsafeServer)
                #expect(error?.message.contains("synchronous_commit") == true)
            }
        }
    }

    @Test func aRoleBypassingRowLevelSecurityIsRefused() async throws {
        try await TestDatabase.withFresh { database in
            let role = try await database.createDaemonRole(prefix: "bypass")
            try await database.superuser { connection in
                try await connection.query("ALTER ROLE \(unescaped: role) BYPASSRLS", logger: TestDatabase.logger)
            }
            try await database.withDatabase(role: role) { db in
                let error = await #expect(throws: StorageError.self) { try await ServerSafetyCheck(database: db).verifyDaemonRole() }
                #expect(error?.message.contains("bypasses row-level security") == true)
            }
        }
    }
}
