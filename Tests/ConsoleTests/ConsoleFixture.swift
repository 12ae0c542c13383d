import Compliance
import Console
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Storage
import Synchronization
import TestSupport
import Testing

/// Two tenants, `alpha` and `bravo`, with the same ids of people, hires and tips in
/// each (so a crossed id would show the wrong tenant's row), an admin account and a
/// manager of alpha only: what the console tests need to try every route and to try
/// crossing tenants.
struct ConsoleFixture: Sendable {
    let database: TestDatabase
    let operators: Database
    let console: Database
    let alpha: Tenant
    let bravo: Tenant

    static let adminEmail = "ada.admin@agency.example"
    static let managerEmail = "max.manager@agency.example"
    /// The one-time password both accounts start with.
    static let oneTimePassword = "start-here-1234"
    static let newPassword = "correct horse battery staple"

    /// The one-time password's hash, made once per test run (bcrypt is slow by design).
    static let oneTimeHash = Task { try await PasswordHashing.hash(oneTimePassword) }

    /// Sets up a fresh database with the fixture and runs `body` with it. Unless
    /// `temporaryPasswords`, the accounts' passwords are their own already (no new
    /// password at the first sign-in: bcrypt is slow by design, and the tests share two
    /// cores).
    static func with(temporaryPasswords: Bool = false, _ body: (ConsoleFixture) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { operators in
                let alpha = try await TenantSeed.seed(slug: "alpha", operators: operators, daemonRoles: [])
                let bravo = try await TenantSeed.seed(slug: "bravo", operators: operators, daemonRoles: [])
                let accounts = OperatorAccountRepository(database: operators)
                let hash = try await oneTimeHash.value
                _ = try await accounts.add(OperatorAccountDraft(email: adminEmail, name: "Ada Admin", role: .admin, tenantSlugs: [],
                                                                passwordHash: hash), actor: "test")
                _ = try await accounts.add(OperatorAccountDraft(email: managerEmail, name: "Max Manager", role: .manager,
                                                                tenantSlugs: ["alpha"], passwordHash: hash), actor: "test")
                if !temporaryPasswords {
                    try await operators.client.query("UPDATE attest.operator_accounts SET password_is_temporary = false", logger: TestDatabase.logger)
                }
                try await database.withDatabase(role: "attest_console") { console in
                    try await body(ConsoleFixture(database: database, operators: operators, console: console, alpha: alpha, bravo: bravo))
                }
            }
        }
    }

    /// Signs `email` in (then runs `body` in its browser) and returns the session's hash
    /// in hex — what `attest.console_session` names — for tests that try SQL in it.
    func signedInSession(_ email: String, then body: @Sendable (inout ConsoleBrowser) async throws -> Void = { _ in }) async throws -> String {
        let cookie = Mutex<String?>(nil)
        try await withClient { client in
            var browser = ConsoleBrowser(client)
            _ = try await browser.signIn(email: email, password: Self.oneTimePassword)
            try await body(&browser)
            cookie.withLock { $0 = browser.cookies[SessionCookie.name] }
        }
        return SessionCookie.hash(try #require(cookie.withLock { $0 })).map { String(format: "%02x", $0) }.joined()
    }

    /// Runs `body` against the console's router (HummingbirdTesting's router client), or
    /// with `.live` against a real HTTP server on a loopback port.
    @discardableResult
    func withClient<Result: Sendable>(
        settings: ConsoleSettings = ConsoleSettings(), logger: Logger = TestDatabase.logger, mode: TestingSetup = .router,
        _ body: @Sendable (any TestClientProtocol) async throws -> Result
    ) async throws -> Result {
        let router = ConsoleServer.router(database: console, settings: settings, logger: logger)
        return try await Application(router: router, logger: logger).test(mode, body)
    }
}
