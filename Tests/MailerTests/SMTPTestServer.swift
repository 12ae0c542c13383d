import Foundation
import Testing

/// The Python aiosmtpd server in `smtp_test_server.py`, started for one test and
/// stopped after it. Needs Debian's `python3-aiosmtpd` for `/usr/bin/python3`; without it
/// the test fails (it does not skip).
struct SMTPTestServer {
    struct Options {
        var tls = "none"
        var auth: String?
        var pipelining = false
        var splitReplies = false
        var greeting: Int?
        var hangGreeting = false
    }

    static let python = "/usr/bin/python3"
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    let port: Int
    let root: URL
    var maildir: URL { root.appendingPathComponent("maildir") }
    private let process: Process

    /// Starts a server, runs `body`, stops the server.
    static func with<T>(_ options: Options = Options(), _ body: (SMTPTestServer) async throws -> T) async throws -> T {
        let server = try SMTPTestServer(options)
        defer { server.stop() }
        return try await body(server)
    }

    init(_ options: Options) throws {
        root = try TestFiles.temporaryDirectory("smtp-server")
        var arguments = [Self.directory.appendingPathComponent("smtp_test_server.py").path, "--maildir", root.appendingPathComponent("maildir").path, "--tls", options.tls]
        if options.tls != "none" {
            let certificate = try TestCertificate.shared()
            arguments += ["--cert", certificate.certificate, "--key", certificate.key]
        }
        if let auth = options.auth { arguments += ["--auth", auth] }
        if options.pipelining { arguments.append("--pipelining") }
        if options.splitReplies { arguments.append("--split-replies") }
        if let greeting = options.greeting { arguments += ["--greeting", String(greeting)] }
        if options.hangGreeting { arguments.append("--hang-greeting") }
        (process, port) = try Self.launch(arguments, log: root.appendingPathComponent("server.log"))
    }

    private static func launch(_ arguments: [String], log: URL) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            let errors = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TestFailure("the SMTP test server did not start (is python3-aiosmtpd installed? `apt-get install -y python3-aiosmtpd`): \(errors)")
        }
        return (process, port)
    }

    func stop() {
        if process.isRunning { process.terminate() }
        TestProcess.waitForExit(process)
    }

    /// Every stored message as Python's `email` package parses it.
    func messages() throws -> [ParsedMessage] {
        try ParsedMessage.parse(maildir: maildir)
    }

    /// One JSON object per stored message: envelope, TLS, authenticated user.
    func events() throws -> [ServerEvent] {
        let url = root.appendingPathComponent("events.jsonl")
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(ServerEvent.self, from: Data($0)) }
    }
}

struct ServerEvent: Decodable {
    let mail_from: String
    let mail_options: [String]
    let rcpt_tos: [String]
    let tls: Bool
    let auth: String?
}

/// A message as Python's `email` package (policy.default) sees it.
struct ParsedMessage: Decodable {
    struct Address: Decodable, Equatable {
        let name: String
        let address: String
    }
    struct Part: Decodable {
        let type: String
        let content: String
    }
    let subject: String?
    let from: [Address]?
    let to: [Address]?
    let reply_to: [Address]?
    let message_id: String?
    let date: String?
    let mime_version: String?
    let auto_submitted: String?
    let content_type: String
    let parts: [Part]
    let defects: [String]
    let max_line_length: Int
    let seven_bit: Bool

    static func parse(maildir: URL) throws -> [ParsedMessage] {
        let output = try TestProcess.run(SMTPTestServer.python, [SMTPTestServer.directory.appendingPathComponent("parse_maildir.py").path, maildir.path])
        return try JSONDecoder().decode([ParsedMessage].self, from: output)
    }
}

/// A self-signed certificate for localhost and 127.0.0.1, made once per test run.
struct TestCertificate: Sendable {
    let certificate: String
    let key: String

    private static let made: Result<TestCertificate, TestFailure> = {
        do {
            let directory = try TestFiles.temporaryDirectory("smtp-cert")
            let certificate = directory.appendingPathComponent("cert.pem").path
            let key = directory.appendingPathComponent("key.pem").path
            _ = try TestProcess.run("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
            return .success(TestCertificate(certificate: certificate, key: key))
        } catch {
            return .failure(TestFailure("cannot make a test certificate with openssl: \(error)"))
        }
    }()

    static func shared() throws -> TestCertificate { try made.get() }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum TestFiles {
    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attest-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

enum TestProcess {
    /// Polls until the process has exited (`Process.waitUntilExit` can hang off the main
    /// thread on Linux); kills it after 10 seconds.
    static func waitForExit(_ process: Process) {
        for _ in 0..<1000 where process.isRunning {
            usleep(10_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Runs a program to completion; returns stdout, throws with stderr on failure.
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        waitForExit(process)
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return output
    }
}
