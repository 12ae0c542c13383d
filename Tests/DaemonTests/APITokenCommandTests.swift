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
}
