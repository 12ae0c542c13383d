import Logging
import PostgresNIO

/// Applies the numbered migrations, in order, each in its own transaction, and
/// records each with a SHA-256 checksum of its text in `attest.schema_migrations`.
///
/// Safe to run twice (a second run applies nothing) and from two processes at once
/// (a session advisory lock serialises them). Refuses to run when a migration that
/// was already applied has changed since, or when the database holds migrations this
/// binary does not know. Run it as the owner role (`attest_owner`).
public struct Migrator: Sendable {
    /// What one run did.
    public struct Report: Sendable, Equatable {
        /// File names applied by this run, in order.
        public var applied: [String]
        /// File names that were already applied before this run.
        public var alreadyApplied: [String]
    }

    private static let lockKey: Int64 = 0x4174_7465_7374_4D67  // "AttestMg"
    private let migrations: [Migration]
    private let logger: Logger

    /// A migrator for the given migrations (the embedded ones by default).
    public init(migrations: [Migration], logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies every pending migration through one connection of `client`.
    public func migrate(_ client: PostgresClient) async throws -> Report {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
            do {
                let report = try await migrateLocked(connection)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                return report
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
                throw error
            }
        }
    }

    private func migrateLocked(_ connection: PostgresConnection) async throws -> Report {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS attest.schema_migrations (
                version    integer     PRIMARY KEY,
                file_name  text        NOT NULL,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, logger: logger)
        let applied = try await appliedChecksums(connection)
        try await verify(applied: applied, connection: connection)
        var report = Report(applied: [], alreadyApplied: [])
        for migration in migrations {
            if applied[migration.version] != nil {
                report.alreadyApplied.append(migration.fileName)
                continue
            }
            try await apply(migration, connection: connection)
            report.applied.append(migration.fileName)
        }
        return report
    }

    private func appliedChecksums(_ connection: PostgresConnection) async throws -> [Int: (String, String)] {
        var applied: [Int: (String, String)] = [:]
        let rows = try await connection.query(
            "SELECT version, file_name, checksum FROM attest.schema_migrations", logger: logger)
        for try await (version, fileName, checksum) in rows.decode((Int, String, String).self) {
            applied[version] = (fileName, checksum)
        }
        return applied
    }

    private func verify(applied: [Int: (String, String)], connection: PostgresConnection) async throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, (fileName, checksum)) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = known[version] else {
                throw StorageError(.migration, "the database has migration \(fileName) applied, which this binary does not know: upgrade attest before migrating")
            }
            let current = try await self.checksum(of: migration, connection: connection)
            guard current == checksum else {
                throw StorageError(.migration, "migration \(migration.fileName) was changed after it was applied (checksum \(checksum.prefix(12))… in the database, \(current.prefix(12))… now): restore the file and add a new migration instead")
            }
        }
    }

    private func checksum(of migration: Migration, connection: PostgresConnection) async throws -> String {
        let rows = try await connection.query(
            "SELECT encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex')", logger: logger)
        for try await checksum in rows.decode(String.self) { return checksum }
        throw StorageError(.migration, "could not compute the checksum of \(migration.fileName)")
    }

    private func apply(_ migration: Migration, connection: PostgresConnection) async throws {
        logger.info("applying migration", metadata: ["migration": "\(migration.fileName)"])
        let statements = SQLScript(migration.sql).statements
        do {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("""
                    INSERT INTO attest.schema_migrations (version, file_name, checksum)
                    VALUES (\(migration.version), \(migration.fileName),
                            encode(sha256(convert_to(\(migration.sql), 'UTF8')), 'hex'))
                    """, logger: logger)
            }
        } catch let error as PostgresTransactionError {
            let cause = error.closureError ?? error.commitError ?? error.beginError ?? error
            throw StorageError(.migration, "migration \(migration.fileName) failed and was rolled back: \(PostgresErrorText.describe(cause))")
        }
    }
}
