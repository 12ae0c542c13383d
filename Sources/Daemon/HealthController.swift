import Hummingbird
import Logging
import Storage

/// `/healthz` (the process answers), `/readyz` (the database answers) and
/// `/metrics` (Prometheus text format).
public struct HealthController: Sendable {
    private let database: Database
    private let registry: ShardedPrometheusMetrics

    /// Serves `registry`'s metrics, and checks readiness against `database`.
    public init(database: Database, registry: ShardedPrometheusMetrics) {
        self.database = database
        self.registry = registry
    }

    /// Adds the three routes to `router`.
    public func addRoutes(to router: Router<some RequestContext>) {
        router.get("healthz") { _, _ in Self.json(.ok, #"{"status":"ok"}"#) }
        router.get("readyz") { _, context in await ready(logger: context.logger) }
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.exposition())))
        }
    }

    private func ready(logger: Logger) async -> Response {
        do {
            let database = self.database
            try await withTimeout(.seconds(3)) { try await database.ping() }
            return Self.json(.ok, #"{"status":"ready"}"#)
        } catch {
            logger.warning("readiness check failed", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            return Self.json(.serviceUnavailable, #"{"status":"database unavailable"}"#)
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
