import Foundation
import Storage
import TestSupport
import Testing

/// The `attest` executable as operators use it: every bad input gets one clear line
/// on standard error, a non-zero exit, and changes nothing.
@Suite struct CommandLineTests {
    @Test func helpListsTheCommandsWithDescriptions() async throws {
        let output = try await AttestProcess.run(["--help"])
        #expect(output.status == 0)
        for command in ["serve", "migrate", "tenant"] {
            #expect(output.standardOutput.contains("  \(command) "), "help does not list \(command)")
        }
    }

    @Test func migrateWorksFromAnyWorkingDirectoryAndTwiceAtOnce() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_owner").withPassword]
            async let first = AttestProcess.run(["migrate", "--json"], environment: environment, workingDirectory: "/")
            async let second = AttestProcess.run(["migrate", "--json"], environment: environment, workingDirectory: NSTemporaryDirectory())
            let outputs = try await [first, second]
            #expect(outputs.map(\.status) == [0, 0], "\(outputs.map(\.standardError))")
            let again = try await AttestProcess.run(["migrate"], environment: environment, workingDirectory: "/")
            #expect(again.status == 0)
            #expect(again.standardOutput.contains("up to date"))
        }
    }

    @Test func tenantCommandsRoundTripAsJSON() async throws {
        try await TestDatabase.withFresh { database in
            let operatorEnvironment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            let added = try await AttestProcess.run([
                "tenant", "add", "acme", "--name", "Acme Foods LLC", "--time-zone", "America/Chicago",
                "--agreement-date", "2024-03-01", "--contact", "Jane Doe <jane@acme.example>",
                "--daemon-role", "attest_daemon", "--json",
            ], environment: operatorEnvironment)
            #expect(added.status == 0, "\(added.standardError)")
            let tenant = try JSONDecoder.attest.decode(Tenant.self, from: Data(added.standardOutput.utf8))
            #expect(tenant.slug == "acme")
            #expect(tenant.contacts.first?.email == "jane@acme.example")
            let listed = try await AttestProcess.run(["tenant", "list", "--json"], environment: operatorEnvironment)
            #expect(try JSONDecoder.attest.decode([Tenant].self, from: Data(listed.standardOutput.utf8)).map(\.slug) == ["acme"])
            let disabled = try await AttestProcess.run(["tenant", "disable", "acme", "--json"], environment: operatorEnvironment)
            #expect(try JSONDecoder.attest.decode(Tenant.self, from: Data(disabled.standardOutput.utf8)).isDisabled)
        }
    }

    @Test(arguments: [
        (["--name", "Acme", "--time-zone", "America/Chicago"], "Bad_Slug", "slug \"Bad_Slug\" is invalid"),
        (["--name", "Acme", "--time-zone", "Mars/Base"], "acme", "time zone \"Mars/Base\""),
        (["--name", "Acme", "--time-zone", "UTC", "--contact", "Jane <jane@@acme>"], "acme", "e-mail address"),
        (["--name", "Acme", "--time-zone", "UTC", "--agreement-date", "2024-13-01"], "acme", "image agreement date"),
        (["--name", "Acme", "--time-zone", "UTC", "--daemon-role", "nobody_here"], "acme", "does not exist"),
    ])
    func badTenantInputIsRefusedAndChangesNothing(options: [String], slug: String, message: String) async throws {
        try await TestDatabase.withFresh { database in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            let output = try await AttestProcess.run(["tenant", "add", slug] + options, environment: environment)
            #expect(output.status != 0)
            #expect(output.standardError.contains(message), "stderr: \(output.standardError)")
            #expect(output.standardError.split(separator: "\n").count == 1, "more than one line: \(output.standardError)")
            let listed = try await AttestProcess.run(["tenant", "list", "--json"], environment: environment)
            #expect(listed.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || listed.standardOutput.contains("[]"))
        }
    }

    @Test func aDuplicateSlugIsRefused() async throws {
        try await TestDatabase.withFresh { database in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            let arguments = ["tenant", "add", "acme", "--name", "Acme", "--time-zone", "UTC"]
            #expect(try await AttestProcess.run(arguments, environment: environment).status == 0)
            let again = try await AttestProcess.run(arguments + ["--contact", "x@acme.example"], environment: environment)
            #expect(again.status != 0)
            #expect(again.standardError.contains("a tenant with slug \"acme\" already exists"))
        }
    }

    @Test func malformedAndUnreachableDatabaseURLs() async throws {
        let malformed = try await AttestProcess.run(["tenant", "list"], environment: ["ATTEST_DATABASE_URL": "postgres://u:hunter2@/db"])
        #expect(malformed.status != 0)
        #expect(malformed.standardError.contains("ATTEST_DATABASE_URL"))
        #expect(!malformed.standardError.contains("hunter2"))
        let unreachable = try await AttestProcess.run(["tenant", "list"], environment: [
            "ATTEST_DATABASE_URL": "postgres://u:hunter2@127.0.0.1:1/db?sslmode=disable",
        ])
        #expect(unreachable.status != 0)
        #expect(unreachable.standardError.contains("cannot connect to the database at 127.0.0.1:1"))
        #expect(!unreachable.standardError.contains("hunter2"))
        let missing = try await AttestProcess.run(["tenant", "list"])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("ATTEST_DATABASE_URL: not set"))
        let unknownKey = try await AttestProcess.run(["tenant", "list"], environment: ["ATTEST_DATABASE_ULR": "x"])
        #expect(unknownKey.standardError.contains("ATTEST_DATABASE_ULR: unknown configuration key"))
    }
}

extension JSONDecoder {
    static var attest: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// `attest mail test` against a maildir and a real STARTTLS relay with AUTH.
@Suite struct MailCommandTests {
    @Test func sendsASampleToAMaildir() async throws {
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-mailtest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: maildir) }
        let output = try await AttestProcess.run(["mail", "test", "--to", "jane@acme.example"], environment: [
            "ATTEST_SMTP_URL": "maildir:\(maildir.path)", "ATTEST_MAIL_FROM": "Attest <attest@agency.example>",
        ])
        #expect(output.status == 0, "\(output.standardError)")
        #expect(output.standardOutput.hasPrefix("accepted: 250"))
        let files = try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path)
        #expect(files.count == 1)
    }

    @Test func sendsThroughATenantsOwnRelayAndSenderWithTenant() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-mailtest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (shared, own) = (folder.appendingPathComponent("shared"), folder.appendingPathComponent("acme"))
        let environment = [
            "ATTEST_SMTP_URL": "maildir:\(shared.path)", "ATTEST_MAIL_FROM": "Attest <attest@agency.example>",
            "ATTEST_TENANT_ACME_SMTP_URL": "maildir:\(own.path)", "ATTEST_TENANT_ACME_MAIL_FROM": "Acme Compliance <compliance@acme.example>",
        ]
        func messages(in maildir: URL) -> [String] {
            let new = maildir.appendingPathComponent("new")
            let files = (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []
            return files.compactMap { try? String(contentsOf: new.appendingPathComponent($0), encoding: .utf8) }
        }
        let tenant = try await AttestProcess.run(["mail", "test", "--to", "jane@acme.example", "--tenant", "acme"], environment: environment)
        #expect(tenant.status == 0, "\(tenant.standardError)")
        #expect(messages(in: shared).isEmpty, "the tenant's own relay, not the shared one")
        #expect(messages(in: own).count == 1)
        #expect(messages(in: own).first?.contains("From: Acme Compliance <compliance@acme.example>") == true)
        let other = try await AttestProcess.run(["mail", "test", "--to", "jane@acme.example", "--tenant", "globex"], environment: environment)
        #expect(other.status == 0, "\(other.standardError)")
        #expect(messages(in: shared).count == 1, "a tenant without settings of its own uses the shared ones")
        #expect(messages(in: shared).first?.contains("From: Attest <attest@agency.example>") == true)
        let broken = try await AttestProcess.run(["mail", "test", "--to", "jane@acme.example", "--tenant", "acme"],
                                                 environment: environment.merging(["ATTEST_TENANT_ACME_MAIL_FROM": "not an address"]) { $1 })
        #expect(broken.status != 0)
        #expect(broken.standardError.contains("ATTEST_TENANT_ACME_MAIL_FROM"), "the error names the tenant's key: \(broken.standardError)")
    }

    @Test func sendsThroughAStartTLSRelayWithAuthAndRefusesBadCredentials() async throws {
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("attest-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keys) }
        let (cert, key) = try await TestSMTPRelay.makeCertificate(in: keys)
        let relay = try await TestSMTPRelay(arguments: ["--tls", "starttls", "--cert", cert, "--key", key, "--auth", "alice:s3cret"])
        let port = relay.port
        func send(_ credentials: String) async throws -> AttestProcess.Output {
            try await AttestProcess.run(["mail", "test", "--to", "jane@acme.example"], environment: [
                "ATTEST_SMTP_URL": "smtp://\(credentials)@localhost:\(port)", "ATTEST_SMTP_CA_FILE": cert,
                "ATTEST_MAIL_FROM": "Attest <attest@agency.example>", "ATTEST_LOG_LEVEL": "error",
            ])
        }
        let good = try await send("alice:s3cret")
        #expect(good.status == 0, "\(good.standardOutput) \(good.standardError)")
        #expect(good.standardOutput.hasPrefix("accepted: 250"))
        let bad = try await send("alice:Xq9n0tit")
        #expect(bad.status != 0)
        #expect(bad.standardOutput.contains("535"))
        #expect(!(bad.standardOutput + bad.standardError).contains("Xq9n0tit"))
    }
}
