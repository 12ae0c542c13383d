import Testing
@testable import Storage

@Suite struct SQLScriptTests {
    @Test func splitsOnSemicolonsOutsideQuotesAndComments() {
        let script = SQLScript("""
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'a;b');
            /* block; /* nested; */ still comment */ SELECT "odd;name" FROM a;
            SELECT E'it\\'s; fine';
            SELECT 'it''s; fine';
            """)
        #expect(script.statements.count == 4)
        #expect(script.statements[0].hasSuffix("CREATE TABLE a (x text DEFAULT 'a;b')"))
        #expect(script.statements[1].hasSuffix(#"SELECT "odd;name" FROM a"#))
        #expect(script.statements[2] == #"SELECT E'it\'s; fine'"#)
        #expect(script.statements[3] == "SELECT 'it''s; fine'")
    }

    @Test func keepsDollarQuotedBodiesWhole() {
        let script = SQLScript("""
            CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM 1; RETURN 2; END $$;
            CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT ';' $body$;
            SELECT $1;
            """)
        #expect(script.statements.count == 3)
        #expect(script.statements[0].hasSuffix("RETURN 2; END $$"))
        #expect(script.statements[1].hasSuffix("SELECT ';' $body$"))
        #expect(script.statements[2] == "SELECT $1")
    }

    @Test func dropsCommentOnlyTailsAndEmptyStatements() {
        let script = SQLScript("SELECT 1;;\n-- trailing comment only\n")
        #expect(script.statements == ["SELECT 1"])
    }

    @Test func embeddedMigrationsSplitIntoStatements() throws {
        let migrations = try Migration.embedded()
        #expect(!migrations.isEmpty)
        for migration in migrations {
            #expect(!SQLScript(migration.sql).statements.isEmpty, "\(migration.fileName) has no statements")
        }
    }
}
