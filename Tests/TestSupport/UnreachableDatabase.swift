import Logging
import PostgresNIO
import Storage

extension TestDatabase {
    /// Runs `body` with a running client for a server that does not answer (a closed
    /// port next to the test server), to test what happens when the database is away.
    public static func withUnreachable(_ body: (Database) async throws -> Void) async throws {
        let port = try TestEnvironment.postgresPort()
        let url = try DatabaseURL(parsing: "postgres://attest_daemon:x@127.0.0.1:\(port == 1 ? 2 : 1)/attest?sslmode=disable")
        let client = PostgresClient(configuration: url.clientConfiguration(poolSize: 1), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(Database(client: client, logger: logger))
        }
    }
}
