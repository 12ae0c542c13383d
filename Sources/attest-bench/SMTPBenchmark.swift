import ArgumentParser
import Foundation
import Mailer

/// Sends messages to postfix's `smtp-sink` on loopback over one connection and over
/// several, and runs postfix's `smtp-source` with the same count and size against the
/// same sink in the same run, then prints messages per second and the ratio.
///
/// `swift run -c release attest-bench smtp --messages 10000 --size 1024`
/// (needs Debian's `postfix` package for the two tools; see deploy/testing/smtp/).
struct SMTPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smtp",
        abstract: "Attest's SMTP client against postfix's smtp-sink, beside postfix's smtp-source."
    )

    @Option(help: "Messages per run.")
    var messages = 10_000

    @Option(help: "Approximate message size in octets.")
    var size = 1_024

    @Option(help: "Connections for the parallel runs.")
    var connections = 4

    @Option(help: "Runs of each; the best rate of each side counts (the machine may be shared).")
    var repeats = 3

    @Option(help: "Path of postfix's smtp-sink.")
    var sink = "/usr/sbin/smtp-sink"

    @Option(help: "Path of postfix's smtp-source.")
    var source = "/usr/sbin/smtp-source"

    func run() async throws {
        let port = Int.random(in: 20_000..<60_000)
        let sinkProcess = try BenchProcess.start(sink, ["-u", "nobody", "127.0.0.1:\(port)", "1024"])
        defer { BenchProcess.kill(sinkProcess) }
        try await Task.sleep(for: .milliseconds(500))
        print("smtp benchmark: \(messages) messages of about \(size) octets to smtp-sink on 127.0.0.1:\(port)")
        for sessions in [1, connections] {
            var attest = 0.0
            var postfix = 0.0
            for _ in 0..<repeats {
                attest = max(attest, try await attestRate(port: port, connections: sessions))
                postfix = max(postfix, try await sourceRate(port: port, sessions: sessions))
            }
            print(String(format: "%d connection(s): attest %.0f msg/s, smtp-source %.0f msg/s, ratio %.2f (best of %d)", sessions, attest, postfix, attest / postfix, repeats))
        }
    }

    /// Messages per second through ``SMTPTransport`` with `connections` connections.
    private func attestRate(port: Int, connections: Int) async throws -> Double {
        var configuration = SMTPConfiguration(host: "127.0.0.1", port: port, security: .none, clientName: "bench.attest.test")
        configuration.maximumConnections = connections
        configuration.maximumMessagesPerConnection = messages
        let transport = try SMTPTransport(configuration: configuration)
        let text = String(repeating: String(repeating: "x", count: 70) + "\n", count: max(1, size / 71))
        let perTask = messages / connections
        let start = ContinuousClock.now
        let failures = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<connections {
                group.addTask { try await Self.send(perTask, task: task, text: text, through: transport) }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        await transport.close()
        guard failures == 0 else { throw ValidationError("\(failures) messages were not accepted by smtp-sink") }
        return Double(perTask * connections) / elapsed.seconds
    }

    private static func send(_ count: Int, task: Int, text: String, through transport: SMTPTransport) async throws -> Int {
        let from = try MailAddress("bench@attest.test", name: "Attest Bench")
        let to = try MailAddress("sink@attest.test")
        var failures = 0
        for index in 0..<count {
            let message = try MailMessage(
                from: from, to: [to], subject: "Benchmark message \(index)",
                messageID: "<bench-\(task)-\(index)@attest.test>", text: text
            )
            if !(await transport.send(message)).isAccepted { failures += 1 }
        }
        return failures
    }

    /// Messages per second of `smtp-source` with `sessions` parallel sessions, each
    /// sending many messages per connection (`-d`).
    private func sourceRate(port: Int, sessions: Int) async throws -> Double {
        let arguments = ["-d", "-s", "\(sessions)", "-m", "\(messages)", "-l", "\(size)",
                         "-f", "bench@attest.test", "-t", "sink@attest.test", "127.0.0.1:\(port)"]
        let start = ContinuousClock.now
        try await BenchProcess.run(source, arguments)
        return Double(messages) / (ContinuousClock.now - start).seconds
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Child processes for the benchmark.
enum BenchProcess {
    static func start(_ path: String, _ arguments: [String]) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ValidationError("\(path) is missing; install Debian's postfix package (apt-get install -y postfix)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        return process
    }

    /// Runs to completion; throws on a non-zero exit.
    static func run(_ path: String, _ arguments: [String]) async throws {
        let process = try start(path, arguments)
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        guard process.terminationStatus == 0 else {
            throw ValidationError("\(path) exited with status \(process.terminationStatus)")
        }
    }

    /// SIGKILL: children started from a thread that blocks SIGTERM may never see one.
    static func kill(_ process: Process) {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}
