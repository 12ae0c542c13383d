import Compliance
import Console
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// `attest console` and `attest operator` as an operator runs them: real processes, a
/// real PostgreSQL, and the console driven in headless Chromium with axe-core. One test
/// at a time: each starts a console, and two run a browser, on a machine of two cores.
@Suite(.serialized) struct ConsoleProcessTests {
    /// Starts `attest console` as attest_console on a free port; its base URL.
    static func startConsole(_ fixture: ConsoleFixture, environment: [String: String] = [:]) async throws -> (RunningAttest, String) {
        let console = try AttestProcess.start(["console"], environment: [
            "ATTEST_DATABASE_URL": fixture.database.url(role: "attest_console").withPassword, "ATTEST_CONSOLE_BIND": "127.0.0.1:0",
            "ATTEST_LOG_FORMAT": "json",
        ].merging(environment) { $1 })
        let line = try await console.waitForOutputLine(containing: "console listening")
        let address = try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["http.address"] as? String)
        return (console, address)
    }

    @Test func anAdminAndAManagerUseTheConsoleInChromiumWithoutAccessibilityViolations() async throws {
        for tool in BrowserScript.tools {
            try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: run deploy/testing/browser/install-browser-deps.sh (make test does)")
        }
        try await ConsoleFixture.with(temporaryPasswords: true) { fixture in
            // The script records Section 2 dated yesterday by P-1: trained last week, whenever the test runs.
            try await TenantWork(database: fixture.operators).run(tenant: fixture.alpha, actor: "test") { context, connection in
                let lastWeek = CivilDate(dayNumber: Int32((Date().timeIntervalSince1970 / 86_400).rounded(.down)) - 7)
                _ = try await PeopleRepository().saveTrainings([TrainingRecord(personID: "P-1", completedOn: lastWeek)],
                                                               context: context, connection: connection, logger: TestDatabase.logger)
            }
            // A sealed tip, and the key in the console's environment, for the inbox step.
            let keys = TestTipKeys(directory: TipKeyDirectory(path: NSTemporaryDirectory() + "attest-tip-keys-\(UUID().uuidString)"))
            defer { try? FileManager.default.removeItem(atPath: keys.directory.path) }
            try await keys.make(for: "alpha", database: fixture.operators)
            try await TenantWork(database: fixture.operators).run(tenant: fixture.alpha, actor: "test") { context, connection in
                _ = try await EventRecordsRepository().recordTip(TipRecord(tipID: "T-2", receivedOn: try CivilDate(iso: "2026-11-30"), channel: .phone),
                                                                 text: "Copies of I-9s are kept in a truck.",
                                                                 context: context, connection: connection, logger: TestDatabase.logger)
            }
            let (console, address) = try await Self.startConsole(fixture, environment: ["ATTEST_TIP_KEY_DIR": keys.directory.path])
            let screenshots = ProcessInfo.processInfo.environment["ATTEST_TEST_SCREENSHOTS"] ?? "-"
            let (status, output) = try await BrowserScript.run(BrowserScript.python, [
                try BrowserScript.path("console_browser.py"), address, ConsoleFixture.adminEmail, ConsoleFixture.oneTimePassword,
                ConsoleFixture.managerEmail, ConsoleFixture.oneTimePassword, "alpha", "bravo", "E-1", screenshots, "P-1", "T-2",
            ], timeout: .seconds(300))
            console.signal(SIGTERM)
            _ = try await console.wait(timeout: .seconds(30))
            #expect(status == 0, "the browser script failed: \(output)")
            #expect(output.contains("all steps passed"), "\(output)")
            #expect(output.contains("ok: Section 2 by an unknown preparer is refused") && output.contains("ok: Section 2 by trained P-1"),
                    "the hire's forms were not tried: \(output)")
            #expect(output.contains("ok: a hires file with 2 problems is refused") && output.contains("ok: imported: The 2 rows were saved."),
                    "the CSV upload was not tried: \(output)")
            for form in ["Add or update a person", "Record a tip received by phone, mail or in person", "Add a contact"] {
                #expect(output.contains("ok: the empty form '\(form)' shows its problems"), "the form \(form) was not tried: \(output)")
            }
            #expect(output.contains("ok: opened tip T-2"), "the tip was not opened: \(output)")
            let log = console.standardOutput()
            #expect(log.contains("console sign-in"))
            #expect(!log.contains(ConsoleFixture.oneTimePassword), "a password reached the console's log")
        }
    }

    /// The operators' daily flow for a relay that turned a message away: in Chromium, the
    /// admin finds the delivery under "Deliveries that need attention" with the relay's
    /// reply and retries it; the running daemon sends it, once, with its Message-ID.
    @Test func aDeliveryRetriedInChromiumIsSentOnce() async throws {
        for tool in BrowserScript.tools {
            try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: run deploy/testing/browser/install-browser-deps.sh (make test does)")
        }
        try await ConsoleFixture.with(temporaryPasswords: true) { fixture in
            _ = try await TenantRepository(database: fixture.operators).grant(slug: "alpha", role: "attest_daemon")
            try await DeliveryInterventionTests.failEveryDelivery(fixture, until: Date().addingTimeInterval(86_400))
            let reply = "421 4.3.2 Service shutting down for maintenance"
            let chosen = try #require(try await DeliveryInterventionTests.rows(fixture.operators, """
                UPDATE attest.deliveries SET attempt = 3, last_code = 421, last_reply = \(reply)
                WHERE id = (SELECT id FROM attest.deliveries WHERE tenant_id = \(fixture.alpha.id) AND state = 'pending' ORDER BY id LIMIT 1)
                RETURNING id::text || ' ' || message_id
                """).first, "the relay being down left no delivery to retry").split(separator: " ")
            let (id, messageID) = (String(chosen[0]), String(chosen[1]))
            let relay = try await TestSMTPRelay()
            let daemon = try await DeliveryInterventionTests.startDaemon(fixture, relay: relay)
            #expect(try relay.messages().isEmpty, "the daemon sent a delivery that was not due")
            let (console, address) = try await Self.startConsole(fixture)
            let (status, output) = try await BrowserScript.run(BrowserScript.python, [
                try BrowserScript.path("console_retry.py"), address, ConsoleFixture.adminEmail, ConsoleFixture.oneTimePassword, id, reply,
            ], timeout: .seconds(180))
            let state = try await DeliveryInterventionTests.stateAfterRetry(fixture, delivery: id)
            for process in [console, daemon] { process.signal(SIGTERM) }
            _ = try await console.wait(timeout: .seconds(30))
            _ = try await daemon.wait(timeout: .seconds(30))
            #expect(status == 0 && output.contains("all steps passed"), "the browser script failed: \(output)")
            #expect(state == "sent", "the retried delivery was not sent within a minute: \(daemon.standardOutput().suffix(2_000))")
            let messages = try relay.messages()
            #expect(messages.count == 1 && messages.first?.contains(messageID) == true, "\(messages.count) messages reached the relay")
        }
    }

    @Test func aSessionExpiresAfterItsIdleTimeInChromium() async throws {
        for tool in BrowserScript.tools {
            try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: run deploy/testing/browser/install-browser-deps.sh (make test does)")
        }
        try await ConsoleFixture.with(temporaryPasswords: true) { fixture in
            let (console, address) = try await Self.startConsole(fixture, environment: ["ATTEST_CONSOLE_IDLE_SECONDS": "8"])
            let (status, output) = try await BrowserScript.run(BrowserScript.python, [
                try BrowserScript.path("console_idle.py"), address, ConsoleFixture.adminEmail, ConsoleFixture.oneTimePassword, "8",
            ], timeout: .seconds(180))
            console.signal(SIGTERM)
            _ = try await console.wait(timeout: .seconds(30))
            #expect(status == 0 && output.contains("session expired after idle time"), "\(output)")
        }
    }

    @Test func theConsoleRefusesAnyRoleButItsOwn() async throws {
        try await ConsoleFixture.with { fixture in
            for role in ["attest_operator", "attest_daemon", "attest_owner"] {
                let run = try await AttestProcess.run(["console"], environment: [
                    "ATTEST_DATABASE_URL": fixture.database.url(role: role).withPassword, "ATTEST_CONSOLE_BIND": "127.0.0.1:0",
                ])
                #expect(run.status == 1, "\(role): \(run.standardOutput) \(run.standardError)")
                #expect(run.standardError.contains("is not the console's role"), "\(role): \(run.standardError)")
            }
            let serve = try await AttestProcess.run(["serve", "--all-tenants"], environment: [
                "ATTEST_DATABASE_URL": fixture.database.url(role: "attest_console").withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
            ])
            #expect(serve.status == 1 && serve.standardError.contains("not a tenant-scoped daemon role"), "\(serve.standardError)")
        }
    }

    @Test func operatorCommandsManageAccounts() async throws {
        try await ConsoleFixture.with { fixture in
            let env = ["ATTEST_DATABASE_URL": fixture.database.url(role: "attest_operator").withPassword]
            let added = try await AttestProcess.run(["operator", "add", "Sam.Staff@Agency.example", "--name", "Sam Staff", "--role", "manager",
                                                     "--tenant", "alpha", "--tenant", "bravo"], environment: env)
            #expect(added.status == 0, "\(added.standardError)")
            let password = try #require(added.standardOutput.split(separator: "\n").first { $0.hasPrefix("one-time password: ") }?
                .dropFirst("one-time password: ".count))
            #expect(password.count == 23)
            let list = try await AttestProcess.run(["operator", "list"], environment: env)
            #expect(list.standardOutput.contains("sam.staff@agency.example") && list.standardOutput.contains("alpha,bravo"))
            #expect(!list.standardOutput.contains(String(password)))

            let failures: [([String], String)] = [
                (["operator", "add", "x@agency.example", "--name", "X", "--role", "manager"], "needs at least one --tenant"),
                (["operator", "add", "x@agency.example", "--name", "X", "--role", "manager", "--tenant", "nope"], "no tenant with slug \"nope\""),
                (["operator", "add", "x@agency.example", "--name", "X", "--role", "admin", "--tenant", "alpha"], "an admin sees every tenant"),
                (["operator", "add", "not-an-address", "--name", "X", "--role", "admin"], "is not an e-mail address"),
                (["operator", "add", "sam.staff@agency.example", "--name", "X", "--role", "admin"], "already exists"),
                (["operator", "add", "x@agency.example", "--name", "X", "--role", "owner"], "owner"),
                (["operator", "disable", "nobody@agency.example"], "no operator account"),
            ]
            for (arguments, message) in failures {
                let run = try await AttestProcess.run(arguments, environment: env)
                #expect(run.status != 0 && run.standardError.contains(message), "\(arguments): \(run.standardError)")
            }
            let accounts = try await OperatorAccountRepository(database: fixture.operators).list()
            #expect(!accounts.contains { $0.email == "x@agency.example" }, "a refused add left an account")
            let allowed = try await AttestProcess.run(["operator", "tips", "sam.staff@agency.example", "--allow"], environment: env)
            #expect(allowed.status == 0 && allowed.standardOutput.contains("may now open tips"), "\(allowed.standardError)")
            #expect(try await OperatorAccountRepository(database: fixture.operators).require(email: "sam.staff@agency.example").canReadTips)
            let forbidden = try await AttestProcess.run(["operator", "tips", "sam.staff@agency.example", "--forbid"], environment: env)
            #expect(forbidden.status == 0)
            #expect(try await OperatorAccountRepository(database: fixture.operators).require(email: "sam.staff@agency.example").canReadTips == false)

            let reset = try await AttestProcess.run(["operator", "reset-password", "sam.staff@agency.example", "--second-factor", "--json"],
                                                    environment: env)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(reset.standardOutput.utf8)) as? [String: Any])
            #expect((json["one_time_password"] as? String).map { $0 != String(password) } == true)
            let disabled = try await AttestProcess.run(["operator", "disable", "sam.staff@agency.example"], environment: env)
            #expect(disabled.status == 0)
            let sam = try #require(try await OperatorAccountRepository(database: fixture.operators).list().first { $0.email == "sam.staff@agency.example" })
            #expect(sam.disabledAt != nil && sam.passwordIsTemporary)
            let trail = try await fixture.operators.withTransaction { connection in
                try await AccountEventLog.recent(accountID: sam.id, limit: 10, connection: connection, logger: TestDatabase.logger)
            }
            #expect(trail.map(\.action) == ["account_disabled", "password_reset", "tips_forbidden", "tips_allowed", "account_added"])
            #expect(trail.allSatisfy { $0.actor.hasPrefix("os:") })
            // The console role cannot add accounts or make itself an admin.
            await #expect(throws: (any Error).self) {
                _ = try await OperatorAccountRepository(database: fixture.console).add(
                    OperatorAccountDraft(email: "evil@agency.example", name: "Evil", role: .admin, tenantSlugs: [], passwordHash: "$2b$12$x"),
                    actor: "test")
            }
        }
    }
}
