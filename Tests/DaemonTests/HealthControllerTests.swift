import Daemon
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Prometheus
import Storage
import TestSupport
import Testing

@Suite struct HealthControllerTests {
    private func application(database: Database, registry: PrometheusCollectorRegistry) -> some ApplicationProtocol {
        let router = Router()
        HealthController(database: database, registry: registry).addRoutes(to: router)
        return Application(router: router, logger: TestDatabase.logger)
    }

    @Test func healthReadinessAndMetricsWithADatabase() async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_daemon") { db in
                let registry = PrometheusCollectorRegistry()
                registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "attest", metricName: "probe", unitName: "total", helpText: ""),
                                     labels: [("tenant", "t")]).increment()
                try await application(database: db, registry: registry).test(.router) { client in
                    try await client.execute(uri: "/healthz", method: .get) { response in
                        #expect(response.status == .ok)
                    }
                    try await client.execute(uri: "/readyz", method: .get) { response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body).contains("ready"))
                    }
                    try await client.execute(uri: "/metrics", method: .get) { response in
                        #expect(response.status == .ok)
                        #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                        #expect(String(buffer: response.body).contains(#"attest_probe_total{tenant="t"} 1"#))
                    }
                }
            }
        }
    }

    @Test func readinessFailsWhenTheDatabaseIsUnreachable() async throws {
        try await TestDatabase.withUnreachable { db in
            try await application(database: db, registry: PrometheusCollectorRegistry()).test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                }
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }
}
