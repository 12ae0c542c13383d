import Foundation
import CoreMetrics
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
    private func application(database: Database, registry: ShardedPrometheusMetrics) -> some ApplicationProtocol {
        let router = Router()
        HealthController(database: database, registry: registry).addRoutes(to: router)
        return Application(router: router, logger: TestDatabase.logger)
    }

    @Test func healthReadinessAndMetricsWithADatabase() async throws {
        try await TestDatabase.withFresh { database in
            try await database.withDatabase(role: "attest_daemon") { db in
                let registry = ShardedPrometheusMetrics(shards: 4)
                registry.makeCounter(label: "attest_probe_total", dimensions: [("tenant", "t")]).increment(by: 1)
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
            try await application(database: db, registry: ShardedPrometheusMetrics()).test(.router) { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                }
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                }
            }
        }
    }

    /// Series of 300 tenants spread over 8 shards come out as one exposition: each
    /// family's header once and all its series, which promtool accepts.
    @Test func theShardsMergeIntoOneValidExposition() async throws {
        let metrics = ShardedPrometheusMetrics(shards: 8)
        for n in 1...300 {
            let tenant = [("tenant", "t\(n)")]
            metrics.makeCounter(label: "attest_probe_total", dimensions: tenant).increment(by: Int64(n))
            metrics.makeRecorder(label: "attest_probe_open", dimensions: tenant, aggregate: false).record(Int64(n))
            metrics.makeTimer(label: "attest_probe_seconds", dimensions: tenant).recordNanoseconds(1_000_000)
        }
        metrics.makeRecorder(label: "attest_probe_up", dimensions: [], aggregate: false).record(Int64(1))
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        for family in ["attest_probe_total counter", "attest_probe_open gauge", "attest_probe_seconds histogram", "attest_probe_up gauge"] {
            #expect(lines.count { $0 == "# TYPE \(family)" } == 1, "\(family)")
        }
        #expect(lines.count { $0.hasPrefix("attest_probe_total{") } == 300)
        #expect(lines.count { $0.hasPrefix("attest_probe_seconds_count{") } == 300)
        #expect(text.contains(#"attest_probe_total{tenant="t217"} 217"#) && text.contains(#"attest_probe_open{tenant="t5"} 5"#))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("attest-metrics-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(text.utf8).write(to: file)
        let (status, output) = try await ChildProcess.run("/bin/sh", ["-c", "\"$0\" check metrics < \"$1\"", try PrometheusRulesTests.promtool(), file.path])
        // promtool 2.42 exits 1 when the text does not parse, 3 for lint findings only; the
        // one lint finding allowed is the missing help text (swift-metrics has none to give).
        let findings = output.split(separator: "\n").filter { !$0.hasSuffix("no help text") }
        #expect(status == 0 || (status == 3 && findings.isEmpty), "\(output)")
    }
}
