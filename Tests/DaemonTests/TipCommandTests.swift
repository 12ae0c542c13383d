import Daemon
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The tip protocol from the command line (`attest tip key generate | list | show |
/// respond | record`) and the daemon's handling of the tip key at start-up.
@Suite struct TipCommandTests {
    /// A new key file made by `attest tip key generate --output`.
    static func keyFile() async throws -> String {
        let path = NSTemporaryDirectory() + "attest-tip-key-\(UUID().uuidString)"
        let output = try await AttestProcess.run(["tip", "key", "generate", "--output", path])
        guard output.status == 0 else { throw TestSetupError("key generate failed: \(output.standardError)") }
        return path
    }

    @Test func keyGenerateWritesAPrivateFileAndNeverOverwritesIt() async throws {
        let path = try await Self.keyFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = try String(contentsOfFile: path, encoding: .utf8)
        #expect(Data(base64Encoded: key.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
        let again = try await AttestProcess.run(["tip", "key", "generate", "--output", path])
        #expect(again.status != 0)
        #expect(again.standardError.contains("never overwritten"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == key)
        let printed = try await AttestProcess.run(["tip", "key", "generate"])
        #expect(Data(base64Encoded: printed.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
    }

    @Test func showOpensATipAndRecordsTheReadingRespondGivesThePublicAnswer() async throws {
        let keyPath = try await Self.keyFile()
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let sealer = try TipSealer(base64: String(contentsOfFile: keyPath, encoding: .utf8))
        try await TipFormFixture.withTenants { database, role, _ in
            let receipt = try await database.withDatabase(role: role) { db in
                try await TenantWork(database: db).run(slug: "acme", actor: "tip-form") { context, connection in
                    try await EventRecordsRepository().receiveTip(TipSubmission(text: "Crew B hired without I-9\u{1B}]0;pwned\u{07}\u{9B}2J", contact: "ext 42", language: "en"),
                                                                  sealer: sealer, context: context, connection: connection, logger: TestDatabase.logger)
                }
            }
            let url = database.url(role: "attest_operator").withPassword
            let withKey = ["ATTEST_DATABASE_URL": url, "ATTEST_TIP_KEY_FILE": keyPath]

            let listed = try await AttestProcess.run(["tip", "list", "--tenant", "acme", "--json"], environment: withKey)
            #expect(listed.status == 0, "\(listed.standardError)")
            let tips = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
            #expect(tips.map { $0["id"] as? String } == [receipt.tipID])
            #expect(tips.first?["has_text"] as? Bool == true && tips.first?["anonymous"] as? Bool == false)
            #expect(!listed.standardOutput.contains("Crew B"))
            let receivedOn = try #require(tips.first?["received_on"] as? String)

            let refused = try await AttestProcess.run(["tip", "show", receipt.tipID, "--tenant", "acme"], environment: ["ATTEST_DATABASE_URL": url])
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("ATTEST_TIP_KEY_FILE"))
            #expect(try await Self.events(database, tip: receipt.tipID, action: "tip.shown") == [])

            let shown = try await AttestProcess.run(["tip", "show", receipt.tipID, "--tenant", "acme"], environment: withKey)
            #expect(shown.status == 0, "\(shown.standardError)")
            #expect(shown.standardOutput.contains("Crew B hired without I-9]0;pwned2J") && shown.standardOutput.contains("contact: ext 42"))
            #expect(!shown.standardOutput.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) },
                    "the tip's control characters reached the terminal")
            let actors = try await Self.events(database, tip: receipt.tipID, action: "tip.shown")
            #expect(actors.count == 1 && actors.allSatisfy { $0.hasPrefix("os:") })

            let responded = try await AttestProcess.run(["tip", "respond", receipt.tipID, "--on", receivedOn, "--steps", "interviewed HR",
                                                         "--answer", "We checked the records; thank you.", "--tenant", "acme"], environment: withKey)
            #expect(responded.status == 0, "\(responded.standardError)")
            #expect(responded.standardOutput.contains("3 completed"), "the answer completes acknowledge, investigate and respond")
            let view = try await database.withDatabase(role: role) { db in
                try await TenantWork(database: db).run(slug: "acme", actor: "tip-form") { context, connection in
                    try await EventRecordsRepository().tipStatus(code: receipt.code, context: context, connection: connection, logger: TestDatabase.logger)
                }
            }
            #expect(view?.status == .responded && view?.publicAnswer == "We checked the records; thank you.")
        }
    }

    @Test func aTipRecordedByPhoneCreatesItsObligations() async throws {
        try await TipFormFixture.withTenants { database, _, _ in
            let environment = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            let recorded = try await AttestProcess.run(["tip", "record", "T-1", "--on", "2026-11-23", "--channel", "phone", "--tenant", "acme"],
                                                       environment: environment)
            #expect(recorded.status == 0, "\(recorded.standardError)")
            #expect(recorded.standardOutput.contains("3 obligations added"))
            #expect(try await TipFormTests.obligationKinds(database, tip: "T-1") == ["tip_acknowledge", "tip_investigate", "tip_respond"])
            let investigated = try await AttestProcess.run(["tip", "investigate", "T-1", "--on", "2026-11-24", "--tenant", "acme"],
                                                           environment: environment)
            #expect(investigated.status == 0, "\(investigated.standardError)")
            #expect(investigated.standardOutput.contains("2 completed"), "investigating also acknowledges")
            #expect(try await TipFormTests.obligationKinds(database, tip: "T-1") == ["tip_respond"])
            let shown = try await AttestProcess.run(["tip", "show", "T-1", "--tenant", "acme"], environment: environment)
            #expect(shown.status == 0, "\(shown.standardError)")
            #expect(shown.standardOutput.contains("investigated: 2026-11-24") && shown.standardOutput.contains(", investigating,"))
            #expect(shown.standardOutput.contains("(no text stored)"))
        }
    }

    @Test func aTipByMailOrPhoneIsRecordedWithItsTextSealed() async throws {
        let keyPath = try await Self.keyFile()
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let sealer = try TipSealer(base64: String(contentsOfFile: keyPath, encoding: .utf8))
        let letter = NSTemporaryDirectory() + "attest-tip-letter-\(UUID().uuidString)"
        try Data("Letter: the night crew at dock 4 started without papers.\n".utf8).write(to: URL(fileURLWithPath: letter))
        defer { try? FileManager.default.removeItem(atPath: letter) }
        try await TipFormFixture.withTenants { database, _, _ in
            let url = database.url(role: "attest_operator").withPassword
            let withKey = ["ATTEST_DATABASE_URL": url, "ATTEST_TIP_KEY_FILE": keyPath]
            func record(_ id: String, _ channel: String, _ file: String, environment: [String: String], input: String? = nil) async throws -> AttestProcess.Output {
                try await AttestProcess.run(["tip", "record", id, "--on", "2026-11-23", "--channel", channel, "--text-file", file, "--tenant", "acme"],
                                            environment: environment, standardInput: input)
            }

            let refused = try await record("T-0", "mail", letter, environment: ["ATTEST_DATABASE_URL": url])
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("no tip key is configured") && refused.standardError.contains("ATTEST_TIP_KEY_FILE"), "\(refused.standardError)")
            let empty = try await record("T-0", "phone", "-", environment: withKey, input: " \n")
            #expect(empty.status != 0)
            #expect(empty.standardError.contains("text: the tip's text is empty"), "\(empty.standardError)")
            #expect(try await TipFormTests.obligationKinds(database, tip: "T-0") == [], "a refused tip leaves nothing behind")

            let mailed = try await record("T-1", "mail", letter, environment: withKey)
            #expect(mailed.status == 0, "\(mailed.standardError)")
            #expect(mailed.standardOutput.contains("3 obligations added"))
            let phoned = try await record("T-2", "phone", "-", environment: withKey, input: "Caller: two new hires on line 3 have no I-9.")
            #expect(phoned.status == 0, "\(phoned.standardError)")

            let stored = try await Self.sealedText(database, tip: "T-1")
            #expect(stored.keyID == sealer.keyID)
            #expect(stored.text.count > 28 && !String(decoding: stored.text, as: UTF8.self).contains("dock 4"), "the text is stored sealed")
            #expect(try await Self.events(database, tip: "T-1", action: "tip.text_recorded").count == 1)
            for (id, text) in [("T-1", "the night crew at dock 4 started without papers."), ("T-2", "Caller: two new hires on line 3 have no I-9.")] {
                let shown = try await AttestProcess.run(["tip", "show", id, "--tenant", "acme"], environment: withKey)
                #expect(shown.status == 0, "\(shown.standardError)")
                #expect(shown.standardOutput.contains(text), "\(id): \(shown.standardOutput)")
            }
        }
    }

    /// The sealed text and key id of a tip, read directly from the database.
    static func sealedText(_ database: TestDatabase, tip: String) async throws -> (text: Data, keyID: String) {
        try await database.superuser { connection in
            let rows = try await connection.query("""
                SELECT sealed_text, key_id FROM attest.tips WHERE tip_id = \(tip)
                """, logger: TestDatabase.logger)
            for try await (text, keyID) in rows.decode((Data, String).self) { return (text, keyID) }
            throw TestSetupError("no sealed text for tip \(tip)")
        }
    }

    @Test func serveRefusesAMalformedKeyAndAnswers503WithoutOne() async throws {
        try await TipFormFixture.withTenants { database, role, _ in
            let bad = NSTemporaryDirectory() + "attest-bad-key-\(UUID().uuidString)"
            try Data("not-a-key".utf8).write(to: URL(fileURLWithPath: bad))
            defer { try? FileManager.default.removeItem(atPath: bad) }
            var environment = ["ATTEST_DATABASE_URL": database.url(role: role).withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
                               "ATTEST_TIP_KEY_FILE": bad]
            let refused = try await AttestProcess.run(["serve", "--tenant", "acme"], environment: environment)
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("ATTEST_TIP_KEY_FILE"), "\(refused.standardError)")

            environment["ATTEST_TIP_KEY_FILE"] = nil
            let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: environment)
            let line = try await daemon.waitForOutputLine(containing: "HTTP server listening")
            let address = try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["http.address"] as? String)
            let (body, response) = try await URLSession.shared.data(from: URL(string: address + "/t/acme/tips")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 503)
            #expect(String(decoding: body, as: UTF8.self).contains("not available right now"))
            daemon.signal(SIGTERM)
            _ = try await daemon.wait(timeout: .seconds(30))
            #expect(daemon.standardOutput().components(separatedBy: "no tip key configured").count == 2, "warned not exactly once")
        }
    }

    /// The actors of the tip's events with `action`.
    static func events(_ database: TestDatabase, tip: String, action: String) async throws -> [String] {
        try await database.superuser { connection in
            try await connection.query("""
                SELECT actor FROM attest.events WHERE subject_kind = 'tip' AND subject_id = \(tip) AND action = \(action) ORDER BY id
                """, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }
}
