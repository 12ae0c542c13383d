import PostgresNIO
import Storage
import TestSupport
import Testing

/// Checks the catalog after all migrations: every tenant table is isolated by
/// forced row-level security with tenant_id leading its keys, and no application
/// role can bypass it.
@Suite struct SchemaCatalogTests {
    @Test func everyTenantTableHasForcedRowLevelSecurity() async throws {
        try await TestDatabase.withFresh { database in
            let unprotected = try await rows(database, """
                SELECT c.relname::text FROM pg_class AS c
                WHERE c.relnamespace = 'attest'::regnamespace AND c.relkind IN ('r', 'p')
                  AND c.relname <> 'schema_migrations'
                  AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
                """)
            #expect(unprotected.isEmpty, "tables without forced RLS: \(unprotected)")
            let withoutPolicy = try await rows(database, """
                SELECT c.relname::text FROM pg_class AS c
                WHERE c.relnamespace = 'attest'::regnamespace AND c.relkind IN ('r', 'p')
                  AND c.relname <> 'schema_migrations'
                  AND NOT EXISTS (SELECT 1 FROM pg_policy AS p WHERE p.polrelid = c.oid
                                  AND 'attest_app'::regrole = ANY (p.polroles))
                """)
            #expect(withoutPolicy.isEmpty, "tenant tables without a policy for attest_app: \(withoutPolicy)")
            let withoutConsolePolicy = try await rows(database, """
                SELECT c.relname::text FROM pg_class AS c
                WHERE c.relnamespace = 'attest'::regnamespace AND c.relkind IN ('r', 'p')
                  AND c.relname <> 'schema_migrations'
                  AND NOT EXISTS (SELECT 1 FROM pg_policy AS p WHERE p.polrelid = c.oid
                                  AND 'attest_console'::regrole = ANY (p.polroles))
                  AND has_table_privilege('attest_console', c.oid, 'SELECT')
                """)
            #expect(withoutConsolePolicy.isEmpty, "tables the console reads without a policy for it: \(withoutConsolePolicy)")
        }
    }

    @Test func tenantIdLeadsEveryKeyAndIndex() async throws {
        try await TestDatabase.withFresh { database in
            let offenders = try await rows(database, """
                SELECT i.indexrelid::regclass::text FROM pg_index AS i
                JOIN pg_class AS t ON t.oid = i.indrelid
                WHERE t.relnamespace = 'attest'::regnamespace
                  AND EXISTS (SELECT 1 FROM pg_attribute AS a WHERE a.attrelid = t.oid AND a.attname = 'tenant_id')
                  AND (SELECT a.attname FROM pg_attribute AS a WHERE a.attrelid = t.oid AND a.attnum = i.indkey[0])
                      IS DISTINCT FROM 'tenant_id'
                """)
            #expect(offenders.isEmpty, "indexes on tenant tables not led by tenant_id: \(offenders)")
            let foreignKeys = try await rows(database, """
                SELECT c.conname::text FROM pg_constraint AS c
                JOIN pg_class AS t ON t.oid = c.conrelid
                WHERE c.contype = 'f' AND t.relnamespace = 'attest'::regnamespace
                  AND EXISTS (SELECT 1 FROM pg_attribute AS a WHERE a.attrelid = t.oid AND a.attname = 'tenant_id')
                  AND (SELECT a.attname FROM pg_attribute AS a WHERE a.attrelid = t.oid AND a.attnum = c.conkey[1])
                      IS DISTINCT FROM 'tenant_id'
                """)
            #expect(foreignKeys.isEmpty, "foreign keys not led by tenant_id: \(foreignKeys)")
        }
    }

    /// What distributing the tenant tables by `tenant_id` (Citus, docs/scaling.md) needs,
    /// and a future change could break: a foreign key between two tenant tables maps
    /// `tenant_id` to `tenant_id` (both tables' rows then live on the same shard), and a
    /// tenant table references no table without `tenant_id` but by `tenant_id` (to
    /// `attest.tenants`, a reference table) or by columns that are not the tenant's rows.
    @Test func foreignKeysBetweenTenantTablesMapTenantIdToTenantId() async throws {
        try await TestDatabase.withFresh { database in
            let crossing = try await rows(database, """
                SELECT c.conname::text FROM pg_constraint AS c
                JOIN pg_class AS t ON t.oid = c.conrelid
                JOIN pg_class AS r ON r.oid = c.confrelid
                WHERE c.contype = 'f' AND t.relnamespace = 'attest'::regnamespace
                  AND EXISTS (SELECT 1 FROM pg_attribute AS a WHERE a.attrelid = t.oid AND a.attname = 'tenant_id')
                  AND EXISTS (SELECT 1 FROM pg_attribute AS a WHERE a.attrelid = r.oid AND a.attname = 'tenant_id')
                  AND NOT EXISTS (
                      SELECT 1 FROM unnest(c.conkey, c.confkey) AS k(local, remote)
                      JOIN pg_attribute AS la ON la.attrelid = t.oid AND la.attnum = k.local
                      JOIN pg_attribute AS ra ON ra.attrelid = r.oid AND ra.attnum = k.remote
                      WHERE la.attname = 'tenant_id' AND ra.attname = 'tenant_id')
                """)
            #expect(crossing.isEmpty, "foreign keys between tenant tables that do not map tenant_id to tenant_id: \(crossing)")
            let tenantTables = try await rows(database, """
                SELECT count(DISTINCT t.oid)::text FROM pg_class AS t JOIN pg_attribute AS a ON a.attrelid = t.oid AND a.attname = 'tenant_id'
                WHERE t.relnamespace = 'attest'::regnamespace AND t.relkind = 'r'
                """)
            #expect(Int(tenantTables.first ?? "0") ?? 0 >= 20, "the check saw too few tenant tables: \(tenantTables)")
        }
    }

    @Test func noApplicationRoleOwnsTablesOrBypassesRowLevelSecurity() async throws {
        try await TestDatabase.withFresh { database in
            let owners = try await rows(database, """
                SELECT DISTINCT pg_get_userbyid(c.relowner)::text FROM pg_class AS c
                WHERE c.relnamespace = 'attest'::regnamespace
                """)
            #expect(owners == ["attest_owner"])
            let bypassing = try await rows(database, """
                SELECT r.rolname::text FROM pg_roles AS r
                WHERE (r.rolname IN ('attest_owner', 'attest_operator', 'attest_app', 'attest_daemon')
                       OR EXISTS (SELECT 1 FROM pg_auth_members AS m WHERE m.member = r.oid AND m.roleid = 'attest_app'::regrole))
                  AND (r.rolsuper OR r.rolbypassrls)
                  AND r.rolname NOT LIKE 'attest\\_test\\_%'  -- roles other tests make unsafe on purpose
                """)
            #expect(bypassing.isEmpty, "roles bypassing RLS: \(bypassing)")
        }
    }

    @Test func viewsRunWithTheCallersRights() async throws {
        try await TestDatabase.withFresh { database in
            let definerViews = try await rows(database, """
                SELECT c.relname::text FROM pg_class AS c
                WHERE c.relnamespace = 'attest'::regnamespace AND c.relkind = 'v'
                  AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false)
                """)
            #expect(definerViews.isEmpty, "views that would leak rows across tenants: \(definerViews)")
        }
    }

    private func rows(_ database: TestDatabase, _ query: PostgresQuery) async throws -> [String] {
        try await database.withDatabase(role: "attest_owner") { db in
            try await db.client.query(query).decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }
}
