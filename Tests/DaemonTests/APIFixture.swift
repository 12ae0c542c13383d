import Compliance
import Daemon
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Storage
import TestSupport

/// Two tenants, `alpha` and `bravo`, both hosted by the daemon role, with the same
/// ids of people, hires and tips in each, a delivery each, and one token per tenant:
/// what the API tests need to try every route and to try crossing tenants.
struct APIFixture: Sendable {
    let database: TestDatabase
    let daemon: Database
    let operators: Database
    let alpha: Tenant
    let bravo: Tenant
    /// Secrets of the tokens scoped to alpha and to bravo.
    let alphaToken: String
    let bravoToken: String
    /// Secret of a read-only token scoped to alpha.
    let alphaReadOnlyToken: String

    static let daemonRole = "attest_daemon"

    /// Sets up a fresh database with the fixture and runs `body` with it.
    static func with(_ body: (APIFixture) async throws -> Void) async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_operator") { operators in
                let alpha = try await TenantSeed.seed(slug: "alpha", operators: operators, daemonRoles: [daemonRole])
                let bravo = try await TenantSeed.seed(slug: "bravo", operators: operators, daemonRoles: [daemonRole])
                let tokens = APITokenRepository(database: operators)
                let expiry = APITokenExpiry.default(from: Date())
                let alphaToken = try await tokens.create(name: "alpha-ops", tenants: ["alpha"], expiresAt: expiry, readOnly: false).secret
                let bravoToken = try await tokens.create(name: "bravo-ops", tenants: ["bravo"], expiresAt: expiry, readOnly: false).secret
                let readOnly = try await tokens.create(name: "alpha-reader", tenants: ["alpha"], expiresAt: expiry, readOnly: true).secret
                try await database.withDatabase(role: daemonRole) { daemon in
                    try await body(APIFixture(database: database, daemon: daemon, operators: operators, alpha: alpha, bravo: bravo,
                                              alphaToken: alphaToken, bravoToken: bravoToken, alphaReadOnlyToken: readOnly))
                }
            }
        }
    }

    /// The router `attest serve` builds for the API (hosting every granted tenant), with a
    /// public gate that sheds nothing in tests: waiting requests wait up to a minute (the
    /// gate's shedding is PublicLoadTests' subject).
    func router() -> Router<DaemonRequestContext> {
        let router = Router(context: DaemonRequestContext.self)
        APIController(database: daemon, selection: .all, gate: PublicGate(permits: 4, queue: 64, wait: .seconds(60))).addRoutes(to: router)
        return router
    }

    /// Runs `body` against the API through HummingbirdTesting's router client.
    func withClient(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await Application(router: router(), logger: TestDatabase.logger).test(.router, body)
    }

    /// Bearer headers for `secret`, with a JSON content type.
    static func headers(_ secret: String?) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let secret { headers[.authorization] = "Bearer \(secret)" }
        return headers
    }

    /// A body from JSON text.
    static func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    /// The parsed JSON object of a response.
    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// Everything of `tenant` that a request could change: records, obligations and events.
    func snapshot(of tenant: Tenant) async throws -> [String] {
        var lines: [String] = []
        try await database.superuser { connection in
            for table in ["people", "trainings", "hires", "i9_records", "everify_cases", "tips", "obligations", "events"] {
                let rows = try await connection.query(
                    "SELECT t::text FROM attest.\(unescaped: table) AS t WHERE t.tenant_id = \(tenant.id) ORDER BY t::text", logger: TestDatabase.logger)
                for try await row in rows.decode(String.self) { lines.append("\(table): \(row)") }
            }
        }
        return lines
    }
}
