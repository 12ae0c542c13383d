import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// `attest token create | list | revoke` as an operator runs them: the secret is
/// printed once, and the database keeps only its SHA-256.
@Suite struct APITokenCommandTests {
    @Test func createPrintsTheSecretOnceAndTheDatabaseHoldsOnlyItsHash() async throws {
        try await TestDatabase.withFresh { database in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            let added = try await AttestProcess.run(["tenant", "add", "acme", "--name", "Acme", "--time-zone", "UTC"], environment: environment)
            #expect(added.status == 0, "\(added.standardError)")
            let created = try await AttestProcess.run(["token", "create", "--name", "ci-bot", "--tenant", "acme"], environment: environment)
            #expect(created.status == 0, "\(created.standardError)")
            let secret = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(APITokenSecret.isWellFormed(secret), "not a token: \(secret)")
            #expect(!created.standardError.contains(secret))

            let listed = try await AttestProcess.run(["token", "list", "--json"], environment: environment)
            #expect(listed.status == 0, "\(listed.standardError)")
            #expect(!listed.standardOutput.contains(secret))
            let tokens = try JSONDecoder.attest.decode([APIToken].self, from: Data(listed.standardOutput.utf8))
            #expect(tokens.map(\.name) == ["ci-bot"])
            #expect(tokens.first?.tenants == ["acme"])

            let stored = try await database.superuser { connection in
                try await connection.query("""
                    SELECT encode(secret_hash, 'hex') = encode(sha256(convert_to(\(secret), 'UTF8')), 'hex'),
                           position(\(secret) IN k::text) > 0
                    FROM attest.api_tokens AS k
                    """, logger: TestDatabase.logger).decode((Bool, Bool).self).reduce(into: []) { $0.append($1) }
            }
            #expect(stored.count == 1)
            #expect(stored.first?.0 == true, "the stored hash is not the secret's SHA-256")
            #expect(stored.first?.1 == false, "the secret is stored")

            let again = try await AttestProcess.run(["token", "create", "--name", "ci-bot", "--tenant", "acme"], environment: environment)
            #expect(again.status != 0)
            #expect(again.standardError.contains("already exists"))
            let unknown = try await AttestProcess.run(["token", "create", "--name", "other", "--tenant", "nowhere"], environment: environment)
            #expect(unknown.status != 0)
            #expect(unknown.standardError.contains("nowhere"))

            let before = try await database.withDatabase(role: "attest_daemon") { daemon in
                try await APITokenRepository(database: daemon).authenticate(secret: secret)
            }
            #expect(before?.name == "ci-bot")
            let revoked = try await AttestProcess.run(["token", "revoke", "ci-bot", "--json"], environment: environment)
            #expect(revoked.status == 0, "\(revoked.standardError)")
            #expect(try JSONDecoder.attest.decode(APIToken.self, from: Data(revoked.standardOutput.utf8)).isRevoked)
            let found = try await database.withDatabase(role: "attest_daemon") { daemon in
                try await APITokenRepository(database: daemon).authenticate(secret: secret)
            }
            #expect(found == nil)
        }
    }

    @Test func createTakesAnExpiryAndReadOnlyAndStatusWarnsTwoWeeksAhead() async throws {
        try await TestDatabase.withFresh { database in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            let added = try await AttestProcess.run(["tenant", "add", "acme", "--name", "Acme", "--time-zone", "UTC"], environment: environment)
            #expect(added.status == 0, "\(added.standardError)")
            for (value, complaint) in [("0d", "neither"), ("731d", "neither"), ("2020-01-01", "not in the future"), ("2099-01-01", "730 days"),
                                       ("soon", "neither"), ("2027-02-30", "neither")] {
                let refused = try await AttestProcess.run(["token", "create", "--name", "bad", "--tenant", "acme", "--expires", value], environment: environment)
                #expect(refused.status != 0, "--expires \(value) was accepted")
                #expect(refused.standardError.contains("expires:") && refused.standardError.contains(complaint), "\(value): \(refused.standardError)")
            }
            let soon = try await AttestProcess.run(["token", "create", "--name", "reader", "--tenant", "acme", "--expires", "10d", "--read-only"],
                                                   environment: environment)
            #expect(soon.status == 0, "\(soon.standardError)")
            #expect(soon.standardError.contains("read-only token reader"))
            let usual = try await AttestProcess.run(["token", "create", "--name", "writer", "--tenant", "acme"], environment: environment)
            #expect(usual.status == 0, "\(usual.standardError)")

            let listed = try await AttestProcess.run(["token", "list", "--json"], environment: environment)
            let tokens = try JSONDecoder.attest.decode([APIToken].self, from: Data(listed.standardOutput.utf8))
            let now = Date()
            #expect(tokens.map(\.name) == ["reader", "writer"])
            #expect(tokens.map(\.readOnly) == [true, false])
            let days = tokens.map { ($0.expiresAt.timeIntervalSince(now) / 86_400).rounded() }
            #expect(days == [10, 90], "expiries in days: \(days)")
            let table = try await AttestProcess.run(["token", "list"], environment: environment)
            #expect(table.standardOutput.contains("read-only") && table.standardOutput.contains("read-write"))

            let status = try await AttestProcess.run(["status"], environment: environment)
            #expect(status.status == 0, "\(status.standardError)")
            #expect(status.standardError.contains("API token reader expires"), "\(status.standardError)")
            #expect(!status.standardError.contains("token writer"), "a token 90 days from expiry was warned of")
            let revoked = try await AttestProcess.run(["token", "revoke", "reader"], environment: environment)
            #expect(revoked.status == 0)
            #expect(!(try await AttestProcess.run(["status"], environment: environment)).standardError.contains("reader"), "a revoked token was warned of")
        }
    }
}
