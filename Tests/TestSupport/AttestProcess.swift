import Foundation

/// Runs the built `attest` executable as a child process, as an operator would.
public struct AttestProcess {
    /// What a finished command printed and how it exited.
    public struct Output: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
    }

    /// The environment for a child: PATH and HOME only, plus `environment`.
    /// (The test runner's own `ATTEST_…` settings are not passed on.)
    public static func environment(_ environment: [String: String]) -> [String: String] {
        let parent = ProcessInfo.processInfo.environment
        var result = ["PATH": parent["PATH"] ?? "/usr/bin:/bin", "HOME": parent["HOME"] ?? "/tmp"]
        result.merge(environment) { $1 }
        return result
    }

    /// Runs `attest ARGUMENTS…` to completion (killed after `timeout`), with
    /// `standardInput` as its standard input (default: empty).
    public static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeout: Duration = .seconds(60),
        standardInput: String? = nil
    ) async throws -> Output {
        let running = try start(arguments, environment: environment, workingDirectory: workingDirectory, standardInput: standardInput)
        let status = try await running.wait(timeout: timeout)
        return Output(status: status, standardOutput: running.standardOutput(), standardError: running.standardError())
    }

    /// Starts `attest ARGUMENTS…` in the background; its output goes to files.
    public static func start(
        _ arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        standardInput: String? = nil
    ) throws -> RunningAttest {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attest-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stdout = directory.appendingPathComponent("stdout"), stderr = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.binary())
        process.arguments = arguments
        process.environment = Self.environment(environment)
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        if let standardInput {
            let stdin = directory.appendingPathComponent("stdin")
            try Data(standardInput.utf8).write(to: stdin)
            process.standardInput = try FileHandle(forReadingFrom: stdin)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        return RunningAttest(process: process, directory: directory)
    }
}

/// A started `attest` process.
public final class RunningAttest: @unchecked Sendable {
    private let process: Process
    private let directory: URL

    init(process: Process, directory: URL) {
        self.process = process
        self.directory = directory
    }

    public var processIdentifier: Int32 { process.processIdentifier }

    public func standardOutput() -> String { read("stdout") }
    public func standardError() -> String { read("stderr") }

    /// Sends a signal (e.g. `SIGTERM`).
    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits until standard output holds a line containing `text`; returns that line.
    public func waitForOutputLine(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = standardOutput().split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("attest never printed \"\(text)\"; stdout: \(standardOutput()) stderr: \(standardError())")
    }

    /// The address (`http://HOST:PORT`) a daemon logging JSON announced with `message`
    /// ("HTTP server listening", "admin server listening", "console listening").
    public func listeningAddress(_ message: String = "HTTP server listening") async throws -> String {
        let line = try await waitForOutputLine(containing: "\"\(message)\"")
        let log = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        guard let address = log?["http.address"] as? String else { throw TestSetupError("no http.address in \(line)") }
        return address
    }

    /// Waits for the exit status; kills the process and fails after `timeout`.
    public func wait(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw TestSetupError("attest did not exit within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    private func read(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }
}
