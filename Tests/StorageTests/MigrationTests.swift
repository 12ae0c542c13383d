import PostgresNIO
import Storage
import TestSupport
import Testing

@Suite struct MigrationTests {
    @Test func fileNamesMustBeNumbered() {
        #expect(throws: StorageError.self) { try Migration(fileName: "tenants.sql", sql: "SELECT 1") }
        #expect(throws: StorageError.self) { try Migration(fileName: "01_tenants.sql", sql: "SELECT 1") }
        #expect(throws: StorageError.self) {
            try Migration.ordered([
                try Migration(fileName: "002_a.sql", sql: "SELECT 1"),
                try Migration(fileName: "002_b.sql", sql: "SELECT 1"),
            ])
        }
        #expect((try? Migration(fileName: "007_x.sql", sql: "SELECT 1").version) == 7)
    }

    @Test func embeddedMigrationsAreInOrderAndStartAtOne() throws {
        let versions = try Migration.embedded().map(\.version)
        #expect(versions.first == 1)
        #expect(versions == Array(1...versions.count))
    }

    @Test func appliesToAnEmptyDatabaseAndASecondRunChangesNothing() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let embedded = try Migration.embedded()
            try await database.withDatabase(role: "attest_owner") { db in
                let migrator = Migrator(migrations: embedded, logger: TestDatabase.logger)
                let first = try await migrator.migrate(db.client)
                #expect(first.applied == embedded.map(\.fileName))
                #expect(first.alreadyApplied.isEmpty)
                let before = try await SchemaFingerprint.read(db)
                let second = try await migrator.migrate(db.client)
                #expect(second.applied.isEmpty)
                #expect(second.alreadyApplied == embedded.map(\.fileName))
                #expect(try await SchemaFingerprint.read(db) == before)
            }
        }
    }

    @Test func refusesWhenAnAppliedFileChanged() async throws {
        try await TestDatabase.withFresh { database in
            var migrations = try Migration.embedded()
            migrations[0] = try Migration(fileName: migrations[0].fileName, sql: migrations[0].sql + "\n-- edited\n")
            try await database.withDatabase(role: "attest_owner") { db in
                let error = await #expect(throws: StorageError.self) {
                    try await Migrator(migrations: migrations, logger: TestDatabase.logger).migrate(db.client)
                }
                #expect(error?.message.contains("was changed after it was applied") == true)
            }
        }
    }

    @Test func refusesADatabaseNewerThanTheBinary() async throws {
        try await TestDatabase.withFresh { database in
            let embedded = try Migration.embedded()
            let extra = try Migration(fileName: "999_extra.sql", sql: "CREATE TABLE attest.extra_probe (x int)")
            try await database.withDatabase(role: "attest_owner") { db in
                let newer = try await Migrator(migrations: embedded + [extra], logger: TestDatabase.logger).migrate(db.client)
                #expect(newer.applied == ["999_extra.sql"])
                let error = await #expect(throws: StorageError.self) {
                    try await Migrator(migrations: embedded, logger: TestDatabase.logger).migrate(db.client)
                }
                #expect(error?.message.contains("does not know") == true)
            }
        }
    }

    @Test func aFailingMigrationIsRolledBackEntirely() async throws {
        try await TestDatabase.withFresh { database in
            let broken = try Migration(fileName: "900_broken.sql", sql: """
                CREATE TABLE attest.half_done (x int);
                SELECT no_such_function();
                """)
            try await database.withDatabase(role: "attest_owner") { db in
                let error = await #expect(throws: StorageError.self) {
                    try await Migrator(migrations: try Migration.embedded() + [broken], logger: TestDatabase.logger).migrate(db.client)
                }
                #expect(error?.message.contains("900_broken.sql failed and was rolled back") == true)
                let rows = try await db.client.query("SELECT to_regclass('attest.half_done')::text")
                for try await name in rows.decode(String?.self) { #expect(name == nil) }
            }
        }
    }

    @Test func twoMigratorsAtOnceApplyEachFileOnce() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let embedded = try Migration.embedded()
            let reports = try await withThrowingTaskGroup(of: Migrator.Report.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await database.withDatabase(role: "attest_owner") { db in
                            try await Migrator(migrations: embedded, logger: TestDatabase.logger).migrate(db.client)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.flatMap(\.applied).sorted() == embedded.map(\.fileName).sorted())
            #expect(reports.contains { $0.applied.isEmpty })
        }
    }
}

/// A textual summary of the schema: tables, columns, constraints, policies, indexes.
enum SchemaFingerprint {
    static func read(_ database: Database) async throws -> [String] {
        let rows = try await database.client.query("""
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type
              FROM information_schema.columns WHERE table_schema = 'attest'
            UNION ALL SELECT 'policy ' || tablename || '.' || policyname || ' ' || coalesce(qual, '') FROM pg_policies WHERE schemaname = 'attest'
            UNION ALL SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'attest'
            UNION ALL SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
              WHERE connamespace = 'attest'::regnamespace
            UNION ALL SELECT 'migration ' || version || ' ' || checksum FROM attest.schema_migrations
            ORDER BY 1
            """)
        var lines: [String] = []
        for try await line in rows.decode(String.self) { lines.append(line) }
        return lines
    }
}
