import Foundation
import TestSupport
import Testing

/// deploy/testing/build-warnings.sh, the test script's gate on compiler warnings: a
/// warning in Sources/ or Tests/ fails the run and is named once; a dependency's does not.
@Suite struct BuildWarningsTests {
    /// Runs the gate on a build log of these lines; its status and output.
    static func gate(_ lines: [String]) async throws -> (status: Int32, output: String) {
        let root = try TestEnvironment.repository()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("attest-build-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        try lines.joined(separator: "\n").write(to: log, atomically: true, encoding: .utf8)
        return try await ChildProcess.run(root + "/deploy/testing/build-warnings.sh", [log.path])
    }

    @Test func aWarningInOurCodeFailsTheBuildAndIsNamedOnce() async throws {
        let root = try TestEnvironment.repository()
        let warning = "\(root)/Tests/StorageTests/Example.swift:12:9: warning: initialization of immutable value 'x' was never used"
        let (status, output) = try await Self.gate([
            "[3/40] Compiling StorageTests Example.swift", warning, "        let x = 1", warning,
            "\(root)/.build/checkouts/postgres-nio/Sources/X.swift:1:1: warning: 'listen' is deprecated",
        ])
        #expect(status == 1)
        #expect(output.components(separatedBy: "Tests/StorageTests/Example.swift:12:9").count == 2, "named once: \(output)")
        #expect(!output.contains(".build/checkouts"), "a dependency's warning is not ours: \(output)")
    }

    @Test func aDependencysWarningAloneDoesNotFailTheBuild() async throws {
        let root = try TestEnvironment.repository()
        let (status, output) = try await Self.gate([
            "warning: 'swift-distributed-tracing': found 1 file(s) which are unhandled",
            "\(root)/.build/checkouts/swift-metrics/Sources/Metrics.swift:5:2: warning: 'makeCounter' is deprecated",
            "Build complete! (12.0s)",
        ])
        #expect(status == 0, "\(output)")
    }
}
