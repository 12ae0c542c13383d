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

    /// 010 moves the planning cursors out of attest.obligations: the values planned so
    /// far survive, a never-planned open obligation gets an unplanned row, a closed one none.
    @Test func planningCursorsMoveToTheirOwnTable() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let embedded = try Migration.embedded()
            try await database.withDatabase(role: "attest_owner") { db in
                _ = try await Migrator(migrations: embedded.filter { $0.version <= 9 }, logger: TestDatabase.logger).migrate(db.client)
            }
            try await database.withDatabase(role: "attest_operator") { db in
                let tenant = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "acme", legalName: "Acme", timeZone: "America/Chicago",
                    contacts: [TenantContact(name: "Jane", email: "jane@acme.example", role: .compliance)]))
                try await db.client.query("""
                    INSERT INTO attest.obligations (tenant_id, source_key, kind, subject_kind, subject_id, cycle, due_on,
                                                    state, completed_on, evidence, reminders_planned_until, reminders_next_at)
                    VALUES (\(tenant.id), 'planned', 'i9_section2', 'hire', 'E-1', '2026', '2026-12-31', 'open', NULL, NULL,
                            '2026-11-01 08:00Z', '2026-12-20 14:00Z'),
                           (\(tenant.id), 'new', 'i9_section2', 'hire', 'E-2', '2026', '2026-12-31', 'open', NULL, NULL, NULL, NULL),
                           (\(tenant.id), 'closed', 'i9_section2', 'hire', 'E-3', '2026', '2026-12-31', 'done', '2026-11-02', 'form',
                            '2026-11-01 08:00Z', 'infinity')
                    """)
            }
            try await database.withDatabase(role: "attest_owner") { db in
                _ = try await Migrator(migrations: embedded, logger: TestDatabase.logger).migrate(db.client)
            }
            let rows = try await database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("""
                    SELECT o.source_key, coalesce(to_char(p.planned_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), '-'),
                           coalesce(to_char(p.next_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), '-')
                    FROM attest.reminder_planning AS p JOIN attest.obligations AS o ON o.tenant_id = p.tenant_id AND o.id = p.obligation_id
                    ORDER BY 1
                    """).decode((String, String, String).self).reduce(into: [String]()) { $0.append("\($1.0) \($1.1) \($1.2)") }
            }
            #expect(rows == ["new - -", "planned 2026-11-01 08:00 2026-12-20 14:00"])
        }
    }

    /// 021 moves each hire's one document to the columns of its list (kind not
    /// recorded) and a shown receipt to a `replacement` receipt; hires without either
    /// keep none.
    @Test func documentsMoveToTheirListsColumns() async throws {
        try await TestDatabase.withFresh(migrated: false) { database in
            let embedded = try Migration.embedded()
            try await database.withDatabase(role: "attest_owner") { db in
                _ = try await Migrator(migrations: embedded.filter { $0.version <= 20 }, logger: TestDatabase.logger).migrate(db.client)
            }
            try await database.withDatabase(role: "attest_operator") { db in
                let tenant = try await TenantRepository(database: db).add(try TenantDraft(slug: "acme", legalName: "Acme", timeZone: "America/Chicago"))
                try await db.client.query("""
                    INSERT INTO attest.hires (tenant_id, external_id, start_date, document_list, document_expires, receipt_shown)
                    VALUES (\(tenant.id), 'A', '2026-11-02', 'a', '2027-01-31', false), (\(tenant.id), 'B', '2026-11-02', 'b', NULL, true),
                           (\(tenant.id), 'C', '2026-11-02', 'c', '2028-05-01', false), (\(tenant.id), 'N', '2026-11-02', NULL, NULL, false)
                    """)
                try await db.client.query("UPDATE attest.hires SET everify_required = false WHERE external_id = 'N'")
            }
            try await database.withDatabase(role: "attest_owner") { db in
                _ = try await Migrator(migrations: embedded, logger: TestDatabase.logger).migrate(db.client)
            }
            let rows = try await database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("""
                    SELECT concat_ws(' ', external_id, coalesce(list_a_kind, '-'), coalesce(list_a_expires::text, '-'), coalesce(list_b_kind, '-'),
                                     coalesce(list_c_kind, '-'), coalesce(list_c_expires::text, '-'), coalesce(receipt_kind, '-'))
                    FROM attest.hires ORDER BY external_id
                    """).decode(String.self).reduce(into: [String]()) { $0.append($1) }
            }
            #expect(rows == ["A list_a 2027-01-31 - - - -", "B - - list_b - - replacement", "C - - - list_c 2028-05-01 -", "N - - - - - -"])
            // 022 flags the hire stored without a case and without a reason.
            let flagged = try await database.withDatabase(role: "attest_operator") { db in
                try await db.client.query("SELECT hire_id || ' ' || kind FROM attest.hire_exceptions").decode(String.self).reduce(into: [String]()) { $0.append($1) }
            }
            #expect(flagged == ["N no_case_without_reason"])
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
