import Compliance
import Daemon
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The tip protocol from the command line (`attest tip key rotate | list`, `attest tip
/// list | show | respond | record`) and what the daemon does with tip keys.
@Suite struct TipCommandTests {
    /// The environment of a command that opens tips with the fixture's key directory.
    static func environment(_ database: TestDatabase, _ keys: TipKeyRing, role: String = "attest_operator") -> [String: String] {
        ["ATTEST_DATABASE_URL": database.url(role: role).withPassword, "ATTEST_TIP_KEY_DIR": keys.directory?.path ?? ""]
    }

    /// Receives a web tip for `acme` as the form does.
    static func receive(_ text: String, contact: String?, database: TestDatabase, role: String) async throws -> TipReceipt {
        try await database.withDatabase(role: role) { db in
            try await TenantWork(database: db).run(slug: "acme", actor: "tip-form") { context, connection in
                try await EventRecordsRepository().receiveTip(TipSubmission(text: text, contact: contact, language: "en"),
                                                              context: context, connection: connection, logger: TestDatabase.logger)
            }
        }
    }

    @Test func showOpensATipAndRecordsTheReadingRespondGivesThePublicAnswer() async throws {
        try await TipFormFixture.withTenants { database, role, keys in
            let receipt = try await Self.receive("Crew B hired without I-9\u{1B}]0;pwned\u{07}\u{9B}2J", contact: "ext 42", database: database, role: role)
            let url = database.url(role: "attest_operator").withPassword
            let withKey = Self.environment(database, keys)

            let listed = try await AttestProcess.run(["tip", "list", "--tenant", "acme", "--json"], environment: withKey)
            #expect(listed.status == 0, "\(listed.standardError)")
            let tips = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
            #expect(tips.map { $0["id"] as? String } == [receipt.tipID])
            #expect(tips.first?["has_text"] as? Bool == true && tips.first?["anonymous"] as? Bool == false)
            #expect(!listed.standardOutput.contains("Crew B"))
            let receivedOn = try #require(tips.first?["received_on"] as? String)

            let refused = try await AttestProcess.run(["tip", "show", receipt.tipID, "--tenant", "acme"], environment: ["ATTEST_DATABASE_URL": url])
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("ATTEST_TIP_KEY_DIR"), "\(refused.standardError)")
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

    @Test func rotateReSealsEveryTipIncludingThoseOfTheOldSharedKeyOrChangesNothing() async throws {
        try await TipFormFixture.withTenants { database, role, keys in
            let directory = try #require(keys.directory)
            let web = try await Self.receive("Rotate-Marker web tip", contact: "ext 7", database: database, role: role)
            let legacyText = LegacyTipKey.generateKey()
            let legacy = try LegacyTipKey(base64: legacyText)
            try await Self.insertLegacyTip("old-1", text: "Rotate-Marker sealed in 2025", key: legacy, database: database)
            let legacyFile = NSTemporaryDirectory() + "attest-legacy-key-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: legacyFile) }
            _ = FileManager.default.createFile(atPath: legacyFile, contents: Data("\(legacyText)\n".utf8),
                                               attributes: [.posixPermissions: 0o600])
            let before = try await Self.keyList(database, keys)
            let firstKey = try #require(before.first { $0["state"] as? String == "active" }?["key_id"] as? String)
            #expect(before.contains { $0["key_id"] as? String == legacy.keyID && $0["state"] as? String == "legacy" && $0["tips"] as? Int == 1 })
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()

            let refused = try await AttestProcess.run(["tip", "key", "rotate", "--tenant", "acme"], environment: Self.environment(database, keys))
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("tip old-1") && refused.standardError.contains("ATTEST_TIP_KEY_FILE")
                    && refused.standardError.contains("nothing was changed"), "\(refused.standardError)")
            #expect(try await Self.keyList(database, keys).map { $0["key_id"] as? String } == before.map { $0["key_id"] as? String })
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == files, "the unused key file stayed")

            var environment = Self.environment(database, keys)
            environment["ATTEST_TIP_KEY_FILE"] = legacyFile
            let rotated = try await AttestProcess.run(["tip", "key", "rotate", "--tenant", "acme", "--json"], environment: environment)
            #expect(rotated.status == 0, "\(rotated.standardError)")
            let rotation = try #require(try JSONSerialization.jsonObject(with: Data(rotated.standardOutput.utf8)) as? [String: Any])
            let newKey = try #require(rotation["key_id"] as? String)
            #expect(rotation["resealed_tips"] as? Int == 2 && rotation["retired"] as? [String] == [firstKey])
            #expect(Set(rotation["opened_with"] as? [String] ?? []) == [firstKey, legacy.keyID])
            let mode = try FileManager.default.attributesOfItem(atPath: directory.file(for: newKey))[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            #expect(directory.holds(keyID: firstKey), "the previous key's file is kept")

            let after = try await Self.keyList(database, keys)
            #expect(after.map { "\($0["key_id"] ?? "")=\($0["state"] ?? ""):\($0["tips"] ?? "")" }.sorted()
                    == ["\(firstKey)=retired:0", "\(newKey)=active:2"].sorted())
            for (tip, text) in [(web.tipID, "Rotate-Marker web tip"), ("old-1", "Rotate-Marker sealed in 2025")] {
                #expect(try await Self.sealedText(database, tip: tip).keyID == newKey)
                let shown = try await AttestProcess.run(["tip", "show", tip, "--tenant", "acme"], environment: Self.environment(database, keys))
                #expect(shown.status == 0 && shown.standardOutput.contains(text), "\(tip): \(shown.standardError)")
            }
            #expect(try await Self.events(database, subjectKind: "tip_key", action: "tip.key_rotated").contains(newKey))

            // Another tenant's tips are untouched, and still open with their own key.
            let beta = try await AttestProcess.run(["tip", "key", "list", "--tenant", "beta", "--json"], environment: Self.environment(database, keys))
            #expect(beta.status == 0 && !beta.standardOutput.contains(newKey), "\(beta.standardError)")
        }
    }

    @Test func keyFilesOpenToOthersAreRefusedNamingTheFile() async throws {
        try await TipFormFixture.withTenants { database, role, keys in
            let directory = try #require(keys.directory)
            let receipt = try await Self.receive("Mode-Marker", contact: nil, database: database, role: role)
            let keyID = try await Self.sealedText(database, tip: receipt.tipID).keyID
            let file = directory.file(for: keyID)
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
            let refused = try await AttestProcess.run(["tip", "show", receipt.tipID, "--tenant", "acme"], environment: Self.environment(database, keys))
            #expect(refused.status != 0)
            #expect(refused.standardError.contains(file) && refused.standardError.contains("mode 640"), "\(refused.standardError)")
            #expect(try await Self.events(database, tip: receipt.tipID, action: "tip.shown") == [], "a refused reading is not recorded")

            let legacyFile = NSTemporaryDirectory() + "attest-legacy-key-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: legacyFile) }
            try Data(LegacyTipKey.generateKey().utf8).write(to: URL(fileURLWithPath: legacyFile))
            var environment = Self.environment(database, keys)
            environment["ATTEST_TIP_KEY_FILE"] = legacyFile
            let legacy = try await AttestProcess.run(["tip", "key", "list", "--tenant", "acme"], environment: environment)
            #expect(legacy.status != 0)
            #expect(legacy.standardError.contains("ATTEST_TIP_KEY_FILE") && legacy.standardError.contains(legacyFile)
                    && legacy.standardError.contains("group or others"), "\(legacy.standardError)")
        }
    }

    @Test func theDaemonSealsWithThePublicKeyAloneAndOnlyTheKeyDirectoryOpens() async throws {
        try await TipFormFixture.withTenants { database, role, keys in
            let bad = NSTemporaryDirectory() + "attest-bad-key-\(UUID().uuidString)"
            try Data("not-a-key".utf8).write(to: URL(fileURLWithPath: bad))
            defer { try? FileManager.default.removeItem(atPath: bad) }
            let environment = ["ATTEST_DATABASE_URL": database.url(role: role).withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
                               "ATTEST_TIP_KEY_FILE": bad]
            let daemon = try AttestProcess.start(["serve", "--tenant", "acme", "--tenant", "nokey"], environment: environment)
            let address = try await daemon.listeningAddress()
            let (body, response) = try await URLSession.shared.data(from: URL(string: address + "/t/nokey/tips")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 503)
            #expect(String(decoding: body, as: UTF8.self).contains("not available right now"))
            let (_, open) = try await URLSession.shared.data(from: URL(string: address + "/t/acme/tips")!)
            #expect((open as? HTTPURLResponse)?.statusCode == 200, "acme has a key: its form is open")
            daemon.signal(SIGTERM)
            _ = try await daemon.wait(timeout: .seconds(30))
            let log = daemon.standardOutput()
            #expect(log.contains("ATTEST_TIP_KEY_FILE is set, but the daemon no longer uses it"), "\(log)")
            #expect(log.contains("attest tip key rotate --tenant nokey"), "\(log)")

            // What the daemon's role can read of a tenant's keys seals, and opens nothing.
            let stored = try await database.withDatabase(role: role) { db in
                try await TenantWork(database: db).run(slug: "acme", actor: "tip-form") { context, connection in
                    try await TipKeyRepository().activeKey(context: context, connection: connection, logger: TestDatabase.logger)
                }
            }
            let receipt = try await Self.receive("Seal-Only-Marker", contact: nil, database: database, role: role)
            #expect(try await Self.sealedText(database, tip: receipt.tipID).keyID == stored?.keyID)
            let shown = try await AttestProcess.run(["tip", "show", receipt.tipID, "--tenant", "acme"], environment: Self.environment(database, keys))
            #expect(shown.standardOutput.contains("Seal-Only-Marker"), "\(shown.standardError)")
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
        let letter = NSTemporaryDirectory() + "attest-tip-letter-\(UUID().uuidString)"
        try Data("Letter: the night crew at dock 4 started without papers.\n".utf8).write(to: URL(fileURLWithPath: letter))
        defer { try? FileManager.default.removeItem(atPath: letter) }
        try await TipFormFixture.withTenants { database, _, keys in
            let url = database.url(role: "attest_operator").withPassword
            let noKeys = ["ATTEST_DATABASE_URL": url]
            func record(_ id: String, _ channel: String, _ file: String, tenant: String = "acme", input: String? = nil) async throws -> AttestProcess.Output {
                try await AttestProcess.run(["tip", "record", id, "--on", "2026-11-23", "--channel", channel, "--text-file", file, "--tenant", tenant],
                                            environment: noKeys, standardInput: input)
            }

            let refused = try await record("T-0", "mail", letter, tenant: "nokey")
            #expect(refused.status != 0)
            #expect(refused.standardError.contains("tenant nokey has no tip key yet") && refused.standardError.contains("attest tip key rotate --tenant nokey"),
                    "\(refused.standardError)")
            let empty = try await record("T-0", "phone", "-", input: " \n")
            #expect(empty.status != 0)
            #expect(empty.standardError.contains("text: the tip's text is empty"), "\(empty.standardError)")
            #expect(try await TipFormTests.obligationKinds(database, tip: "T-0") == [], "a refused tip leaves nothing behind")

            let mailed = try await record("T-1", "mail", letter)
            #expect(mailed.status == 0, "\(mailed.standardError)")
            #expect(mailed.standardOutput.contains("3 obligations added"))
            let phoned = try await record("T-2", "phone", "-", input: "Caller: two new hires on line 3 have no I-9.")
            #expect(phoned.status == 0, "\(phoned.standardError)")

            let stored = try await Self.sealedText(database, tip: "T-1")
            #expect(keys.directory?.holds(keyID: stored.keyID) == true, "sealed with acme's active key")
            #expect(stored.text.count > 28 && !String(decoding: stored.text, as: UTF8.self).contains("dock 4"), "the text is stored sealed")
            #expect(try await Self.events(database, tip: "T-1", action: "tip.text_recorded").count == 1)
            for (id, text) in [("T-1", "the night crew at dock 4 started without papers."), ("T-2", "Caller: two new hires on line 3 have no I-9.")] {
                let shown = try await AttestProcess.run(["tip", "show", id, "--tenant", "acme"], environment: Self.environment(database, keys))
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

    /// The actors of the tip's events with `action`.
    static func events(_ database: TestDatabase, tip: String, action: String) async throws -> [String] {
        try await database.superuser { connection in
            try await connection.query("""
                SELECT actor FROM attest.events WHERE subject_kind = 'tip' AND subject_id = \(tip) AND action = \(action) ORDER BY id
                """, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }

    /// The subjects of the events about a `subjectKind` with `action`.
    static func events(_ database: TestDatabase, subjectKind: String, action: String) async throws -> [String] {
        try await database.superuser { connection in
            try await connection.query("""
                SELECT subject_id FROM attest.events WHERE subject_kind = \(subjectKind) AND action = \(action) ORDER BY id
                """, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
        }
    }

    /// `attest tip key list --tenant acme --json`.
    static func keyList(_ database: TestDatabase, _ keys: TipKeyRing) async throws -> [[String: Any]] {
        let listed = try await AttestProcess.run(["tip", "key", "list", "--tenant", "acme", "--json"], environment: environment(database, keys))
        guard listed.status == 0 else { throw TestSetupError("tip key list failed: \(listed.standardError)") }
        return try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]] ?? []
    }

    /// Stores a tip of `acme` sealed as Attest sealed tips before per-tenant keys.
    static func insertLegacyTip(_ id: String, text: String, key: LegacyTipKey, database: TestDatabase) async throws {
        try await database.withDatabase(role: "attest_operator") { db in
            _ = try await TenantWork(database: db).run(slug: "acme", actor: "os:test") { context, connection in
                _ = try await EventRecordsRepository().saveTip(TipRecord(tipID: id, receivedOn: try CivilDate(iso: "2025-06-02"), channel: .mail),
                                                               context: context, connection: connection, logger: TestDatabase.logger)
                let sealed = try key.seal(text, field: .text, tenant: context.tenant.id, tip: id)
                try await connection.query("""
                    UPDATE attest.tips SET sealed_text = \(sealed), key_id = \(key.keyID) WHERE tenant_id = \(context.tenant.id) AND tip_id = \(id)
                    """, logger: TestDatabase.logger)
            }
        }
    }
}
