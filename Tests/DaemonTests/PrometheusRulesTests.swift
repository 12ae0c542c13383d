import Compliance
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Storage
import TestSupport
import Testing

/// deploy/prometheus/attest-rules.yml passes `promtool check rules` and its unit tests
/// (`promtool test rules`), and every metric it and the Grafana dashboard name is one a
/// running daemon's /metrics exports.
@Suite struct PrometheusRulesTests {
    static func promtool() throws -> String {
        let path = (ProcessInfo.processInfo.environment["ATTEST_TEST_PROMTOOL_DIR"] ?? "/opt/attest-promtool") + "/promtool"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSetupError("promtool is missing at \(path): run deploy/testing/prometheus/install-promtool.sh")
        }
        return path
    }

    /// Runs promtool with `arguments` in deploy/prometheus; its status and output.
    static func run(_ arguments: [String]) async throws -> (Int32, String) {
        try await ChildProcess.run(try promtool(), arguments, directory: try TestEnvironment.repository() + "/deploy/prometheus")
    }

    @Test func theRulesAreValidAndTheirUnitTestsPass() async throws {
        let (checked, checkOutput) = try await Self.run(["check", "rules", "attest-rules.yml"])
        #expect(checked == 0, "\(checkOutput)")
        #expect(checkOutput.contains("SUCCESS: 9 rules found"), "\(checkOutput)")
        let (tested, testOutput) = try await Self.run(["test", "rules", "attest-rules.test.yml"])
        #expect(tested == 0, "\(testOutput)")
    }

    /// The `attest_…` metric names in the rules and in the dashboard's queries.
    static func namedMetrics() throws -> Set<String> {
        let root = try TestEnvironment.repository()
        let texts = try ["/deploy/prometheus/attest-rules.yml", "/deploy/grafana/attest-dashboard.json"].map {
            try String(contentsOfFile: root + $0, encoding: .utf8)
        }
        let pattern = try NSRegularExpression(pattern: "attest_[a-z_]+")
        return Set(texts.flatMap { text in
            pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
        })
    }

    @Test func everyMetricTheRulesAndTheDashboardNameIsExported() async throws {
        let named = try Self.namedMetrics()
        #expect(named.count >= 10, "\(named.sorted())")
        try await TestDatabase.withFresh { database in
            try await PublicLoadTests.seed(database, contacts: 2)
            let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-metrics-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: maildir) }
            let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: [
                "ATTEST_DATABASE_URL": database.url(role: "attest_daemon").withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
                "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "attest@agency.example", "ATTEST_LOG_FORMAT": "json",
            ])
            defer { daemon.signal(SIGTERM) }
            let address = try await daemon.listeningAddress()
            _ = try await daemon.waitForOutputLine(containing: "\"scheduler pass\"")
            // Some metrics appear with the first claim and delivery: wait for the metrics
            // themselves (a loaded machine may take a while), not for a count of mails.
            var exported: Set<String> = []
            let deadline = ContinuousClock.now + .seconds(120)
            repeat {
                let (body, _) = try await URLSession.shared.data(from: URL(string: address + "/metrics")!)
                exported = Set(String(decoding: body, as: UTF8.self).split(separator: "\n")
                    .filter { !$0.hasPrefix("#") }
                    .compactMap { $0.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init) })
                if named.isSubset(of: exported) && CrashRecoveryTests.count(maildir) >= 1 { break }
                try await Task.sleep(for: .milliseconds(250))
            } while ContinuousClock.now < deadline
            #expect(CrashRecoveryTests.count(maildir) >= 1, "the daemon delivered nothing")
            #expect(named.subtracting(exported).isEmpty, "named but not exported: \(named.subtracting(exported).sorted()); exported: \(exported.sorted())")
        }
    }
}
