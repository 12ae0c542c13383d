import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The hire, I-9 and E-Verify commands record their work through the same changes the
/// API uses (`HireChange`), and refuse a step on a case that was never opened.
@Suite struct RecordCommandTests {
    @Test func hireI9AndEVerifyCommandsRecordTheirWork() async throws {
        try await TestDatabase.withFresh { database in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            func attest(_ arguments: [String]) async throws -> AttestProcess.Output {
                try await AttestProcess.run(arguments + ["--tenant", "acme"], environment: environment)
            }
            let tenant = try await AttestProcess.run(["tenant", "add", "acme", "--name", "Acme", "--time-zone", "America/Chicago"],
                                                     environment: environment)
            #expect(tenant.status == 0, "\(tenant.standardError)")
            for step in [["person", "add", "P-1", "--name", "Pat", "--role", "i9_preparer"],
                         ["training", "complete", "--person", "P-1", "--on", "2026-01-12"],
                         ["hire", "add", "E-1", "--start", "2026-11-23", "--citizenship", "citizen"]] {
                let output = try await attest(step)
                #expect(output.status == 0, "\(step): \(output.standardError)")
            }
            let escape = try await attest(["person", "add", "P-2", "--name", "Eve\u{1B}[2J", "--role", "hr"])
            #expect(escape.status != 0)
            #expect(escape.standardError.contains("argument 5") && escape.standardError.contains("control character U+001B"), "\(escape.standardError)")
            #expect(!escape.standardError.contains("\u{1B}"), "the refused argument was echoed raw")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("people-\(UUID().uuidString).csv")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data("person_id,name,roles\nP-3,Ok Name,hr\nP-4,\"Nul\u{0}Name\",hr\n".utf8).write(to: file)
            let imported = try await attest(["import", "people", file.path])
            #expect(imported.status != 0)
            #expect(imported.standardError.contains("\(file.path):3: name: contains the control character U+0000"), "\(imported.standardError)")
            let people = try await database.superuser { connection in
                try await connection.query("SELECT string_agg(external_id, ',' ORDER BY external_id) FROM attest.people", logger: TestDatabase.logger)
                    .decode(String?.self).first { _ in true } ?? nil
            }
            #expect(people == "P-1", "a refused command or import changed the people: \(people ?? "none")")
            let early = try await attest(["everify", "close", "E-1", "--on", "2026-11-30", "--reason", "x"])
            #expect(early.status != 0)
            #expect(early.standardError.contains("case: hire E-1 has no E-Verify case"))
            let section2 = try await attest(["i9", "complete-section2", "E-1", "--on", "2026-11-24", "--preparer", "P-1"])
            #expect(section2.standardOutput.contains("1 completed"), "\(section2.standardOutput)\(section2.standardError)")
            let opened = try await attest(["everify", "open", "E-1", "--case", "C-1", "--on", "2026-11-25"])
            #expect(opened.standardOutput.contains("1 completed"), "\(opened.standardOutput)\(opened.standardError)")
            let closed = try await attest(["everify", "close", "E-1", "--on", "2026-11-30", "--reason", "Employment authorized", "--json"])
            #expect(closed.status == 0, "\(closed.standardError)")
            let again = try await attest(["hire", "add", "E-1", "--start", "2026-11-23", "--citizenship", "citizen"])
            #expect(again.standardOutput.contains("0 obligations added, 0 moved, 0 cancelled, 0 completed"), "re-adding changed: \(again.standardOutput)")
            let state = try await database.superuser { connection in
                try await connection.query("""
                    SELECT i.preparer_id, c.status, c.closure_reason FROM attest.i9_records AS i
                    JOIN attest.everify_cases AS c ON c.tenant_id = i.tenant_id AND c.hire_id = i.hire_id
                    """, logger: TestDatabase.logger).decode((String?, String, String?).self).first { _ in true }
            }
            #expect(state?.0 == "P-1")
            #expect(state?.1 == "closed")
            #expect(state?.2 == "Employment authorized")
        }
    }

    @Test func tenantGrantsAndContactCommands() async throws {
        try await TestDatabase.withFresh { database in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            func attest(_ arguments: [String]) async throws -> AttestProcess.Output {
                try await AttestProcess.run(arguments + ["--tenant", "acme"], environment: environment)
            }
            let tenant = try await AttestProcess.run(["tenant", "add", "acme", "--name", "Acme", "--time-zone", "America/Chicago",
                                                      "--contact", "Jo <jo@acme.example>"], environment: environment)
            #expect(tenant.status == 0, "\(tenant.standardError)")
            let groupGrant = try await AttestProcess.run(["tenant", "grant", "acme", "--role", "attest_app"], environment: environment)
            #expect(groupGrant.status != 0 && groupGrant.standardError.contains("group roles"), "\(groupGrant.standardError)")
            let granted = try await AttestProcess.run(["tenant", "grant", "acme", "--role", "attest_daemon"], environment: environment)
            #expect(granted.standardOutput.contains("Granted attest_daemon access to tenant acme"), "\(granted.standardError)")
            let revoked = try await AttestProcess.run(["tenant", "revoke", "acme", "--role", "attest_daemon", "--json"], environment: environment)
            let tenantJSON = try JSONSerialization.jsonObject(with: Data(revoked.standardOutput.utf8)) as? [String: Any]
            #expect((tenantJSON?["daemon_roles"] as? [String]) == [], "\(revoked.standardOutput)\(revoked.standardError)")
            let added = try await attest(["contact", "add", "Lee HR <lee@acme.example>", "--role", "escalation"])
            #expect(added.status == 0, "\(added.standardError)")
            let twice = try await attest(["contact", "add", "lee@acme.example", "--role", "escalation"])
            #expect(twice.status != 0 && twice.standardError.contains("email: lee@acme.example is already one of the escalation contacts"), "\(twice.standardError)")
            let malformed = try await attest(["contact", "add", "Lee <lee-at-acme>"])
            #expect(malformed.status != 0 && malformed.standardError.contains("malformed"), "\(malformed.standardError)")
            let last = try await attest(["contact", "remove", "jo@acme.example"])
            #expect(last.status != 0 && last.standardError.contains("last compliance contact"), "\(last.standardError)")
            let removed = try await attest(["contact", "remove", "lee@acme.example", "--role", "escalation"])
            #expect(removed.status == 0, "\(removed.standardError)")
            let stored = try await database.superuser { connection in
                try await connection.query("SELECT email || ' ' || role FROM attest.tenant_contacts", logger: TestDatabase.logger)
                    .decode(String.self).reduce(into: [String]()) { $0.append($1) }
            }
            #expect(stored == ["jo@acme.example compliance"])
            let events = try await database.superuser { connection in
                try await connection.query("SELECT action FROM attest.events WHERE action LIKE 'contact.%' ORDER BY id", logger: TestDatabase.logger)
                    .decode(String.self).reduce(into: [String]()) { $0.append($1) }
            }
            #expect(events == ["contact.added", "contact.removed"])
        }
    }
}
