import Foundation

/// The repository's aiosmtpd test server (`Tests/MailerTests/smtp_test_server.py`,
/// Debian's python3-aiosmtpd) on a free loopback port, storing mail in a Maildir.
/// Stopped (killed) and its folder removed when released.
public final class TestSMTPRelay: @unchecked Sendable {
    public let port: Int
    /// The Maildir the server stores mail in.
    public let maildir: URL
    /// The folder of the server's files (certificate, key, Maildir).
    public let folder: URL
    private let process: Process

    /// Starts the server with extra flags (`--tls starttls --cert … --auth u:p`, …).
    public init(arguments: [String] = []) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        maildir = folder.appendingPathComponent("mail")
        let output = folder.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [try TestEnvironment.repository() + "/Tests/MailerTests/smtp_test_server.py",
                             "--maildir", maildir.path] + arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var found: Int?
        for _ in 0..<200 where found == nil {
            try await Task.sleep(for: .milliseconds(50))
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            found = text.split(separator: "\n").first { $0.hasPrefix("PORT ") }.flatMap { Int($0.dropFirst(5)) }
        }
        guard let found else {
            kill(process.processIdentifier, SIGKILL)
            throw TestSetupError("the test SMTP server did not start (python3-aiosmtpd missing? run the tests with `make test`)")
        }
        port = found
    }

    /// A self-signed certificate for localhost and 127.0.0.1 in the server's folder.
    public static func makeCertificate(in folder: URL) async throws -> (cert: String, key: String) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        openssl.standardError = FileHandle.nullDevice
        openssl.standardOutput = FileHandle.nullDevice
        try openssl.run()
        while openssl.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        return (cert, key)
    }

    /// The messages received, as text.
    public func messages() throws -> [String] {
        let folder = maildir.appendingPathComponent("new")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.sorted().map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        try? FileManager.default.removeItem(at: folder)
    }
}
