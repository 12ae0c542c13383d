import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL client Attest works through, and the one way to act for a tenant.
///
/// `PostgresClient` is a service: something must be running `client.run()` (the
/// daemon's `ServiceGroup`, or ``Database/withRunningClient(_:logger:poolSize:_:)``
/// for a command) while queries are made.
public struct Database: Sendable {
    /// The underlying pool.
    public let client: PostgresClient
    /// The logger queries log to (at debug level).
    public let logger: Logger

    /// Wraps a client.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Checks that the server answers a trivial query.
    public func ping() async throws {
        try await client.query("SELECT 1", logger: logger)
    }

    /// Runs `body` in one transaction acting for `tenant`: row-level security shows
    /// that tenant's rows only, and only if the login role is mapped to it.
    @discardableResult
    public func withTenant<Result: Sendable>(
        _ tenant: UUID,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withTransaction { connection in
            try await Self.actFor(tenant, connection: connection, logger: logger)
            return try await body(connection)
        }
    }

    /// Names `tenant` as the one the rest of the transaction on `connection` acts for
    /// (`attest.tenant_id`, which the row-level security policies read).
    public static func actFor(_ tenant: UUID, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT set_config('attest.tenant_id', \(tenant.uuidString.lowercased()), true)", logger: logger)
    }

    /// Runs `body` in one transaction, unwrapping postgres-nio's transaction error so
    /// that callers see the error their own code threw.
    public func withTransaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    /// Opens one connection to check that the server answers and the credentials
    /// work, failing fast with a clear message instead of waiting on the pool.
    public static func probe(_ url: DatabaseURL, logger: Logger) async throws(StorageError) {
        do {
            let configuration: PostgresConnection.Configuration
            if let socketDirectory = url.socketDirectory {
                configuration = .init(
                    unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(url.port)", username: url.username,
                    password: url.password, database: url.database)
            } else {
                configuration = .init(
                    host: url.host, port: url.port, username: url.username, password: url.password,
                    database: url.database, tls: try url.connectionTLS())
            }
            let connection = try await withTimeout(.seconds(10)) {
                try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            }
            try? await connection.close()
        } catch {
            throw StorageError(.unreachable, "cannot connect to the database at \(url.serverDescription) as \(url.username): \(PostgresErrorText.describe(error))")
        }
    }

    /// Runs `body` with a client whose pool is running, then shuts the pool down.
    /// For commands; the daemon runs its client in its `ServiceGroup` instead.
    public static func withRunningClient<Result: Sendable>(
        _ url: DatabaseURL,
        logger: Logger,
        poolSize: Int = 2,
        _ body: (Database) async throws -> Result
    ) async throws -> Result {
        try await probe(url, logger: logger)
        // The pool's own chatter (including a start-up race warning) stays out of a
        // command's output; failures still surface as the errors of `body`.
        var backgroundLogger = logger
        backgroundLogger.logLevel = .error
        let client = PostgresClient(configuration: url.clientConfiguration(poolSize: poolSize), backgroundLogger: backgroundLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(Database(client: client, logger: logger))
        }
    }
}

/// Runs `operation`, throwing ``DeadlineExceeded`` if it takes longer than `limit`
/// (the operation is cancelled then).
public func withTimeout<Result: Sendable>(
    _ limit: Duration,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else { throw DeadlineExceeded(limit: limit) }
        return result
    }
}

/// An operation did not finish in time.
public struct DeadlineExceeded: Error, CustomStringConvertible, Sendable {
    public let limit: Duration
    public init(limit: Duration) { self.limit = limit }
    public var description: String { "no answer within \(limit)" }
}
