@testable import Daemon
import Foundation
import Storage
import Testing

/// How the daemon hears of changes, from ATTEST_DATABASE_POOLING, ATTEST_LISTEN_DATABASE_URL
/// and ATTEST_POLL_SECONDS (issue 17, item 1).
@Suite struct ChangeSourceTests {
    static let pooled = "postgres://attest_daemon:pw@pgbouncer:6432/attest"

    static func source(_ environment: [String: String]) async throws -> ChangeSource {
        let configuration = try await AttestConfiguration.load(environment: ["ATTEST_DATABASE_URL": pooled].merging(environment) { $1 })
        return try ChangeSource(configuration: configuration, databaseURL: try configuration.requireDatabaseURL())
    }

    @Test func withoutAPoolerTheDaemonListensOnItsPool() async throws {
        let source = try await Self.source([:])
        guard case .listenOnPool = source else { Issue.record("\(source)"); return }
        #expect(source.usesPool)
    }

    @Test func behindATransactionPoolerItPollsUnlessGivenADirectConnection() async throws {
        let polled = try await Self.source(["ATTEST_DATABASE_POOLING": "transaction", "ATTEST_POLL_SECONDS": "7"])
        guard case .poll(let interval) = polled else { Issue.record("\(polled)"); return }
        #expect(interval == .seconds(7) && !polled.usesPool)
        let direct = try await Self.source(["ATTEST_DATABASE_POOLING": "transaction",
                                            "ATTEST_LISTEN_DATABASE_URL": "postgres://attest_daemon:pw@db:5432/attest"])
        guard case .listen(let url) = direct else { Issue.record("\(direct)"); return }
        #expect(url.host == "db" && url.port == 5432 && !direct.usesPool)
    }

    @Test func aListenURLOfAnotherRoleOrABadSettingIsRefusedByName() async throws {
        let other = await #expect(throws: ConfigurationError.self) {
            try await Self.source(["ATTEST_LISTEN_DATABASE_URL": "postgres://attest_operator:pw@db:5432/attest"])
        }
        #expect(other?.key == "ATTEST_LISTEN_DATABASE_URL" && other?.problem.contains("attest_operator") == true, "\(String(describing: other))")
        let pooling = await #expect(throws: ConfigurationError.self) { try await Self.source(["ATTEST_DATABASE_POOLING": "statement"]) }
        #expect(pooling?.key == "ATTEST_DATABASE_POOLING", "\(String(describing: pooling))")
        let seconds = await #expect(throws: ConfigurationError.self) { try await Self.source(["ATTEST_POLL_SECONDS": "0"]) }
        #expect(seconds?.key == "ATTEST_POLL_SECONDS", "\(String(describing: seconds))")
    }
}
