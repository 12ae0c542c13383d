import Foundation

/// Runs a helper program of the tests (a Python script, promtool, schemathesis) to its
/// end: its output goes to a file (a pipe can fill up and stall it), and its exit is
/// polled, so the test's thread is never blocked.
public enum ChildProcess {
    /// Runs `executable` with `arguments` in `directory`, with PATH and HOME only plus
    /// `environment`; returns its exit status and what it printed (standard error too
    /// unless `keepStandardError` is false).
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String] = [:],
        keepStandardError: Bool = true
    ) async throws -> (status: Int32, output: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("attest-child-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = AttestProcess.environment(environment)
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = keepStandardError ? handle : FileHandle.nullDevice
        try process.run()
        let status = try await reap(process)
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    /// Waits for `process`'s exit with waitpid, polling: Foundation does not always reap
    /// a child whose own child lives on (a server it started in the background), so
    /// `isRunning` can stay true for a zombie.
    public static func reap(_ process: Process) async throws -> Int32 {
        var status: Int32 = 0
        while true {
            let result = waitpid(process.processIdentifier, &status, WNOHANG)
            if result == process.processIdentifier { return (status >> 8) & 0xFF }
            if result == -1 { return process.isRunning ? -1 : process.terminationStatus }  // already reaped by Foundation
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
