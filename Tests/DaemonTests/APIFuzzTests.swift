import Foundation
import Storage
import TestSupport
import Testing

/// schemathesis (PyPI) fuzzes the running daemon's API from docs/openapi.json, a few
/// examples per operation (deploy/testing/api/schemathesis-run.sh): no request may get a
/// 5xx, and none the document calls valid may be refused.
@Suite struct APIFuzzTests {
    @Test func schemathesisFindsNoServerErrorAndNoValidRequestRefused() async throws {
        try await TestDatabase.withFresh { database in
            let token = try await database.withDatabase(role: "attest_operator") { operators in
                _ = try await TenantSeed.seed(slug: "alpha", operators: operators, daemonRoles: ["attest_daemon"])
                return try await APITokenRepository(database: operators)
                    .create(name: "fuzz", tenants: ["alpha"], expiresAt: APITokenExpiry.default(from: Date()), readOnly: false).secret
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-fuzz-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let daemon = try AttestProcess.start(["serve", "--tenant", "alpha"], environment: [
                "ATTEST_DATABASE_URL": database.url(role: "attest_daemon").withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
                "ATTEST_SMTP_URL": "maildir:\(folder.path)", "ATTEST_MAIL_FROM": "attest@agency.example", "ATTEST_LOG_FORMAT": "json",
                "ATTEST_PUBLIC_CONCURRENCY": "4",
            ])
            defer { daemon.signal(SIGTERM) }
            let address = try await daemon.listeningAddress()
            let (status, output) = try await Self.schemathesis(address, token: token, examples: 5)
            #expect(status == 0, "schemathesis failed:\n\(output.suffix(6_000))\ndaemon:\n\(daemon.standardOutput().suffix(3_000))")
            #expect(output.contains("passed") || output.contains("Passed"), "no summary:\n\(output.suffix(2_000))")
        }
    }

    /// Runs deploy/testing/api/schemathesis-run.sh; its exit status and output.
    static func schemathesis(_ address: String, token: String, examples: Int) async throws -> (Int32, String) {
        try await ChildProcess.run(try TestEnvironment.repository() + "/deploy/testing/api/schemathesis-run.sh", [address, token, "\(examples)"])
    }
}
