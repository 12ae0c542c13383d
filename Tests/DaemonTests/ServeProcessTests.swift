import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Storage
import TestSupport
import Testing

/// `attest serve` as a process: it starts, answers, and stops on SIGTERM; it
/// refuses unknown and disabled tenants and unsafe roles.
@Suite struct ServeProcessTests {
    /// A migrated database with tenant `acme` granted to a fresh daemon role.
    private func withTenant(_ body: (TestDatabase, String) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            let role = try await database.createDaemonRole()
            try await database.withDatabase(role: "attest_operator") { db in
                let tenants = TenantRepository(database: db)
                _ = try await tenants.add(try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "America/Chicago", daemonRoles: [role]))
                _ = try await tenants.add(try TenantDraft(slug: "gone", legalName: "Gone", timeZone: "UTC", daemonRoles: [role]))
                _ = try await tenants.disable(slug: "gone")
                _ = try await tenants.add(try TenantDraft(slug: "other", legalName: "Other", timeZone: "UTC", daemonRoles: ["attest_daemon"]))
            }
            try await body(database, role)
        }
    }

    /// What `attest serve` needs to run as `role` on `database`, on any free port.
    static func environment(_ database: TestDatabase, role: String) -> [String: String] {
        ["ATTEST_DATABASE_URL": database.url(role: role).withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
         "ATTEST_SHUTDOWN_TIMEOUT": "10"]
    }

    @Test func startsAnswersAndShutsDownGracefullyOnSIGTERM() async throws {
        try await withTenant { database, role in
            let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: Self.environment(database, role: role))
            let line = try await daemon.waitForOutputLine(containing: "HTTP server listening")
            let log = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let address = try #require(log?["http.address"] as? String)
            _ = try await daemon.waitForOutputLine(containing: "tenant service started")
            let (body, response) = try await URLSession.shared.data(from: URL(string: address + "/healthz")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: body, as: UTF8.self).contains("ok"))
            let (_, ready) = try await URLSession.shared.data(from: URL(string: address + "/readyz")!)
            #expect((ready as? HTTPURLResponse)?.statusCode == 200)
            daemon.signal(SIGTERM)
            let status = try await daemon.wait(timeout: .seconds(20))
            #expect(status == 0, "stderr: \(daemon.standardError())")
            #expect(daemon.standardOutput().contains("\"message\":\"stopped\""))
            #expect(daemon.standardOutput().contains("\"tenant\":\"acme\""))
        }
    }

    /// With `ATTEST_ADMIN_BIND`, `/metrics`, `/healthz` and `/readyz` move to their own
    /// listener: the public one (the tip form, the API) no longer answers them.
    @Test func anAdminListenerTakesTheHealthAndMetricsRoutes() async throws {
        try await withTenant { database, role in
            var environment = Self.environment(database, role: role)
            environment["ATTEST_ADMIN_BIND"] = "127.0.0.1:0"
            let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: environment)
            let (admin, main) = (try await daemon.listeningAddress("admin server listening"), try await daemon.listeningAddress())
            func status(_ base: String, _ path: String) async throws -> Int? {
                (try await URLSession.shared.data(from: URL(string: base + path)!).1 as? HTTPURLResponse)?.statusCode
            }
            for path in ["/metrics", "/healthz", "/readyz"] {
                #expect(try await status(admin, path) == 200, "\(path) on the admin listener")
                #expect(try await status(main, path) == 404, "\(path) on the public listener")
            }
            #expect(try await status(admin, "/t/acme/tips") == 404)
            #expect(try await status(main, "/t/acme/tips") == 503, "the tip form stays public (no key here: 503)")
            daemon.signal(SIGTERM)
            #expect(try await daemon.wait(timeout: .seconds(20)) == 0)
        }
    }

    @Test(arguments: [
        (["--tenant", "nope"], "unknown tenant \"nope\""),
        (["--tenant", "gone"], "tenant \"gone\" is disabled"),
        (["--tenant", "other"], "unknown tenant \"other\""),  // exists, but not granted to this role
    ])
    func refusesTenantsItMayNotServe(arguments: [String], message: String) async throws {
        try await withTenant { database, role in
            let output = try await AttestProcess.run(["serve"] + arguments, environment: Self.environment(database, role: role))
            #expect(output.status != 0)
            #expect(output.standardError.contains(message), "stderr: \(output.standardError)")
        }
    }

    @Test func refusesARoleThatSpansTenants() async throws {
        try await withTenant { database, _ in
            let output = try await AttestProcess.run(["serve", "--tenant", "acme"], environment: Self.environment(database, role: "attest_operator"))
            #expect(output.status != 0)
            #expect(output.standardError.contains("not a tenant-scoped daemon role"))
        }
    }

    @Test func allTenantsPicksUpATenantGrantedLaterAndDropsOneDisabled() async throws {
        try await withTenant { database, role in
            var environment = Self.environment(database, role: role)
            environment["ATTEST_TENANTS_DISCOVERY_SECONDS"] = "1"
            let daemon = try AttestProcess.start(["serve", "--all-tenants"], environment: environment)
            _ = try await daemon.waitForOutputLine(containing: "tenant service started")
            #expect(!daemon.standardOutput().contains("\"tenant\":\"gone\""), "a disabled tenant was hosted")
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantRepository(database: db).add(try TenantDraft(slug: "later", legalName: "Later", timeZone: "UTC", daemonRoles: [role]))
            }
            let line = try await daemon.waitForOutputLine(containing: "hosting a newly granted tenant")
            #expect(line.contains("\"tenant\":\"later\""))
            // Disabled while hosted: its service stops without a restart.
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantRepository(database: db).disable(slug: "later")
            }
            _ = try await daemon.waitForOutputLine(containing: "no longer hosting a tenant")
            let stopped = try await daemon.waitForOutputLine(containing: "tenant service stopped")
            #expect(stopped.contains("\"tenant\":\"later\""))
            daemon.signal(SIGTERM)
            #expect(try await daemon.wait(timeout: .seconds(30)) == 0)
        }
    }

    @Test func refusesConflictingOrMissingTenantOptions() async throws {
        let both = try await AttestProcess.run(["serve", "--tenant", "a", "--all-tenants"])
        #expect(both.status != 0)
        #expect(both.standardError.contains("either --tenant or --all-tenants"))
        let neither = try await AttestProcess.run(["serve"])
        #expect(neither.status != 0)
        #expect(neither.standardError.contains("--tenant SLUG"))
    }
}
