import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Database TLS (issue 15, item 10): another machine is reached with `verify-full`
/// unless the URL says otherwise, a certificate is checked against the trust roots and
/// the host name, and a weaker mode asked for is taken with a warning at start-up.
@Suite struct DatabaseTLSTests {
    @Test func defaultsAreVerifyFullForAnotherMachineAndPreferForThisOne() throws {
        #expect(try DatabaseURL(parsing: "postgres://u@db.example/attest").tlsMode == .verifyFull)
        #expect(try DatabaseURL(parsing: "postgres://u@10.0.0.5:6432/attest").tlsMode == .verifyFull)
        #expect(try DatabaseURL(parsing: "postgres://u@127.evil.example.com/attest").tlsMode == .verifyFull, "a name is not a loopback address")
        #expect(try DatabaseURL(parsing: "postgres://u@localhost.evil.example/attest").tlsMode == .verifyFull)
        #expect(try DatabaseURL(parsing: "postgres://u@127.8.9.10/attest").tlsMode == .prefer)
        for local in ["postgres://u@127.0.0.1/attest", "postgres://u@localhost/attest", "postgres://u@[::1]/attest",
                      "postgres://u@/attest?host=/var/run/postgresql"] {
            let url = try DatabaseURL(parsing: local)
            #expect(url.tlsMode == .prefer, "\(local)")
            #expect(url.transportWarning == nil, "\(local)")
        }
        #expect(try DatabaseURL(parsing: "postgres://u@db.example/attest").transportWarning == nil)
        let unverified = try DatabaseURL(parsing: "postgres://u:hunter2@db.example/attest?sslmode=require")
        #expect(unverified.transportWarning?.contains("without verifying its certificate") == true)
        #expect(unverified.transportWarning?.contains("hunter2") == false)
        #expect(try DatabaseURL(parsing: "postgres://u@db.example/attest?sslmode=disable").transportWarning?.contains("without TLS") == true)

        let misplaced = #expect(throws: StorageError.self) {
            try DatabaseURL(parsing: "postgres://u@db.example/attest?sslmode=require&sslrootcert=/etc/hostname")
        }
        #expect(misplaced?.message.contains("only with sslmode=verify-full") == true)
        let missing = #expect(throws: StorageError.self) {
            try DatabaseURL(parsing: "postgres://u@db.example/attest?sslrootcert=/nowhere/ca.pem")
        }
        #expect(missing?.message.contains("cannot read /nowhere/ca.pem") == true)
        #expect(try DatabaseURL(parsing: "postgres://u@db.example/attest?sslrootcert=system").rootCertificateFile == nil)
    }

    @Test func verifyFullReachesOnlyTheCertifiedNameSignedByItsRoots() async throws {
        let server = try await PrivatePostgres.start(tls: true)
        do {
            try await check(server)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    private func check(_ server: PrivatePostgres) async throws {
        let authority = try #require(server.certificateAuthority)
        func encrypted(_ host: String, _ parameters: String) async -> Result<Bool, any Error> {
            do {
                let url = try DatabaseURL(parsing: "postgres://attest_operator:\(server.password)@\(host):\(server.port)/attest\(parameters)")
                return .success(try await Database.withRunningClient(url, logger: TestDatabase.logger) { db in
                    try await db.client.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").decode(Bool.self)
                        .reduce(false) { $0 || $1 }
                })
            } catch {
                return .failure(error)
            }
        }
        let verified = await encrypted("localhost", "?sslmode=verify-full&sslrootcert=\(authority)")
        #expect((try? verified.get()) == true, "\(verified)")
        let wrongName = await encrypted("127.0.0.1", "?sslmode=verify-full&sslrootcert=\(authority)")
        #expect((try? wrongName.get()) == nil, "a certificate for localhost was accepted for 127.0.0.1")
        if case .failure(let error) = wrongName {
            #expect("\(error)".contains("failedToValidateHostname"), "\(error)")
        }
        let unknownRoots = await encrypted("localhost", "?sslmode=verify-full")
        #expect((try? unknownRoots.get()) == nil, "a certificate of an unknown CA was accepted with the system's trust roots")
        if case .failure(let error) = unknownRoots {
            #expect("\(error)".contains("cannot connect to the database at localhost:\(server.port)") && "\(error)".contains("CERTIFICATE_VERIFY_FAILED"),
                    "\(error)")
        }
        let local = await encrypted("localhost", "")
        #expect((try? local.get()) == true, "the default for this machine (prefer) did not use the server's TLS: \(local)")
    }

    @Test func serveWarnsOfAnUnverifiedDatabaseAtStartUp() async throws {
        let output = try await AttestProcess.run(["serve", "--tenant", "acme"], environment: [
            "ATTEST_DATABASE_URL": "postgres://attest_daemon:hunter2@db.invalid:5432/attest?sslmode=require",
            "ATTEST_HTTP_BIND": "127.0.0.1:0", "ATTEST_SMTP_URL": "smtp://127.0.0.1:1?tls=none", "ATTEST_MAIL_FROM": "attest@agency.example",
        ])
        #expect(output.status != 0)
        let said = output.standardOutput + output.standardError
        #expect(said.contains("without verifying its certificate (sslmode=require)"), "\(said)")
        #expect(!said.contains("hunter2"))
    }
}
