import Compliance
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresNIO
import Storage
import TestSupport
import Testing
@testable import Daemon

/// Calendar feeds (issue 16, item 3): the iCalendar a real `attest serve` gives a client,
/// parsed by Python's `icalendar` (deploy/testing/calendar/install-calendar-deps.sh): one
/// all-day event per open obligation on its due date, a UID that survives a moved due
/// date, cancelled events for closed work, a person's feed with their work only, ETags,
/// revocation and a rate limit per token.
@Suite struct CalendarFeedTests {
    struct Event: Decodable {
        let uid, start, end, status, summary, description, stamp: String
        let allDay: Bool
        let trigger: String?

        enum CodingKeys: String, CodingKey {
            case uid, start, end, status, summary, description, stamp, trigger
            case allDay = "all_day"
        }
    }

    struct Parsed: Decodable {
        let name, timezone: String
        let events: [Event]
    }

    @Test func textValuesAreEscapedAndLongLinesFoldedWithoutSplittingACharacter() {
        #expect(ICalendarText.escape("a,b;c\\d\ne\r\u{07}f") == #"a\,b\;c\\d\ne"# + "f")
        let long = "DESCRIPTION:" + String(repeating: "ñ", count: 60)
        let folded = ICalendarText.fold(long)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count > 1 && lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(lines.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == long)
    }

    @Test func theAlarmFollowsThePlansFirstStageAtTheSendHour() throws {
        var settings = ComplianceSettings()
        settings.sendHour = 8
        let document = CalendarFeedDocument(tenant: ConsoleLinksTests.tenant, feedName: "x", settings: settings, links: nil)
        #expect(document.alarm(for: .i9Section2) == "-PT16H", "the day before, at 08:00")
        #expect(document.alarm(for: .auditAnnual) == "-PT2152H", "90 days before, at 08:00")
        settings.reminderPlans[.i9Section2] = ReminderPlan(daysBefore: [])
        #expect(CalendarFeedDocument(tenant: ConsoleLinksTests.tenant, feedName: "x", settings: settings, links: nil)
                    .alarm(for: .i9Section2) == "PT8H", "on the due day")
    }

    @Test func aSubscribedClientSeesTheDueDatesFollowsMovesAndCancellations() async throws {
        try await TestDatabase.withFresh { database in
            let role = try await database.createDaemonRole()
            try await database.withDatabase(role: "attest_operator") { db in
                _ = try await TenantRepository(database: db).add(try TenantDraft(
                    slug: "acme", legalName: "Acme Foods LLC", timeZone: "America/Chicago",
                    contacts: [TenantContact(name: "Jane", email: "jane@acme.example", role: .compliance)], daemonRoles: [role]))
                try await Self.seed(db)
            }
            let operatorEnv = ["ATTEST_DATABASE_URL": database.url(role: "attest_operator").withPassword]
            let tenantPath = try await Self.createFeed(operatorEnv, person: nil)
            let personPath = try await Self.createFeed(operatorEnv, person: "P-2")
            let refused = try await AttestProcess.run(["calendar", "feed", "create", "--tenant", "acme", "--person", "NOBODY"], environment: operatorEnv)
            #expect(refused.status != 0 && refused.standardError.contains("NOBODY is not a recorded person"), "\(refused.standardError)")

            let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: [
                "ATTEST_DATABASE_URL": database.url(role: role).withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0", "ATTEST_LOG_FORMAT": "json",
                "ATTEST_CONSOLE_URL": "https://attest.agency.example",
            ])
            defer { daemon.signal(SIGTERM) }
            let address = try await daemon.listeningAddress()

            let (first, tag) = try await Self.fetch(address + tenantPath)
            let due = try await Self.openDueDates(database)
            let tenantID = try await Self.tenantID(database)
            #expect(first.name == "Acme Foods LLC: IMAGE compliance" && first.timezone == "America/Chicago")
            #expect(Dictionary(first.events.map { ($0.uid, $0.start) }, uniquingKeysWith: { a, _ in a })
                    == Dictionary(due.map { ("\($0.key)@\(tenantID).attest", $0.value) }, uniquingKeysWith: { a, _ in a }),
                    "one all-day event per open obligation, on its due date")
            #expect(first.events.allSatisfy { $0.allDay && $0.status == "CONFIRMED" && $0.trigger != nil })
            let section2 = try #require(first.events.first { $0.uid.hasPrefix("i9_section2:hire/E-2:") })
            #expect(section2.summary == "Form I-9 Section 2: employee E-2" && section2.trigger == "-PT16H")
            #expect(section2.description.contains("8 CFR 274a.2(b)(1)(ii)") && section2.description.contains("https://attest.agency.example/tenants/acme/hires/E-2"))
            #expect(try await Self.status(address + tenantPath, ifNoneMatch: tag) == 304)

            let person = try await Self.fetch(address + personPath).parsed
            #expect(!person.events.isEmpty && person.events.allSatisfy { $0.uid.contains("hire/E-2") },
                    "P-2's feed: the hire P-2 may prepare, not E-1 (assigned to P-1): \(person.events.map(\.uid))")

            // E-2 starts a week later: the same events, moved; Section 1 completed: cancelled.
            try await Self.update(database) { hire in
                hire.startDate = hire.startDate.adding(days: 7)
                hire.i9.section1CompletedOn = hire.startDate
            }
            let (moved, newTag) = try await Self.fetch(address + tenantPath)
            #expect(newTag != tag)
            let movedSection2 = try #require(moved.events.first { $0.uid == section2.uid })
            #expect(movedSection2.start > section2.start && movedSection2.status == "CONFIRMED")
            let section1 = try #require(moved.events.first { $0.uid.hasPrefix("i9_section1:hire/E-2:") })
            #expect(section1.status == "CANCELLED" && section1.trigger == nil)

            let listed = try await AttestProcess.run(["calendar", "feed", "list", "--tenant", "acme", "--json"], environment: operatorEnv)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let feeds = try decoder.decode([CalendarFeed].self, from: Data(listed.standardOutput.utf8))
            let personFeed = try #require(feeds.first { $0.person == "P-2" })
            let revoke = try await AttestProcess.run(["calendar", "feed", "revoke", personFeed.id.uuidString, "--tenant", "acme"], environment: operatorEnv)
            #expect(revoke.status == 0, "\(revoke.standardError)")
            #expect(try await Self.status(address + personPath) == 404)
            #expect(try await Self.status(address + tenantPath.replacingOccurrences(of: "/t/acme/", with: "/t/beta/")) == 404)

            let forged = "/t/acme/calendar/attestcal_" + String(repeating: "A", count: 43) + ".ics"
            var statuses: [Int] = []
            for _ in 0..<8 { statuses.append(try await Self.status(address + forged)) }
            #expect(statuses.prefix(6).allSatisfy { $0 == 404 } && statuses.last == 429, "\(statuses)")
            #expect(!daemon.standardOutput().contains("attestcal_"), "a feed token reached the log")
        }
    }

    // MARK: - Helpers

    static func seed(_ db: Database) async throws {
        _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
            _ = try await PeopleRepository().save([
                PersonRecord(externalID: "P-1", name: "Pat", email: "pat@acme.example", roles: [.i9Preparer]),
                PersonRecord(externalID: "P-2", name: "Quinn", email: "quinn@acme.example", roles: [.i9Preparer]),
            ], context: context, connection: connection, logger: TestDatabase.logger)
            var assigned = HireRecord(externalID: "E-1", startDate: DeliveryTests.day(1))
            assigned.preparerID = "P-1"
            return try await HireRepository().save([assigned, HireRecord(externalID: "E-2", startDate: DeliveryTests.day(2))],
                                                   context: context, connection: connection, logger: TestDatabase.logger)
        }
    }

    static func createFeed(_ environment: [String: String], person: String?) async throws -> String {
        let created = try await AttestProcess.run(["calendar", "feed", "create", "--tenant", "acme", "--json"] + (person.map { ["--person", $0] } ?? []),
                                                  environment: environment)
        guard created.status == 0, let object = try JSONSerialization.jsonObject(with: Data(created.standardOutput.utf8)) as? [String: Any],
              let path = object["path"] as? String else { throw TestSetupError("feed create failed: \(created.standardError)") }
        return path
    }

    static func fetch(_ url: String) async throws -> (parsed: Parsed, tag: String) {
        let (body, response) = try await URLSession.shared.data(from: URL(string: url)!)
        let http = try #require(response as? HTTPURLResponse)
        guard http.statusCode == 200 else { throw TestSetupError("\(url): \(http.statusCode)") }
        #expect(http.value(forHTTPHeaderField: "Content-Type") == "text/calendar; charset=utf-8")
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.hasSuffix("END:VCALENDAR\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line ends only")
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 }, "lines folded at 75 octets")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("attest-feed-\(UUID().uuidString).ics")
        try body.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try await ChildProcess.run(BrowserScript.python, [try BrowserScript.path("parse_calendar.py"), file.path],
                                                          keepStandardError: false)
        guard status == 0 else { throw TestSetupError("icalendar refused the feed: \(output)") }
        return (try JSONDecoder().decode(Parsed.self, from: Data(output.utf8)), http.value(forHTTPHeaderField: "ETag") ?? "")
    }

    static func status(_ url: String, ifNoneMatch: String? = nil) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        if let ifNoneMatch { request.setValue(ifNoneMatch, forHTTPHeaderField: "If-None-Match") }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    /// Open obligations' due dates by source key.
    static func openDueDates(_ database: TestDatabase) async throws -> [String: String] {
        try await database.superuser { connection in
            var due: [String: String] = [:]
            for try await (key, day) in try await connection.query("""
                SELECT source_key, to_char(due_on, 'YYYY-MM-DD') FROM attest.obligations WHERE state = 'open'
                """, logger: TestDatabase.logger).decode((String, String).self) {
                due[key] = day
            }
            return due
        }
    }

    static func tenantID(_ database: TestDatabase) async throws -> String {
        try await database.superuser { connection in
            try await connection.query("SELECT id::text FROM attest.tenants WHERE slug = 'acme'", logger: TestDatabase.logger)
                .decode(String.self).reduce("") { $1 }
        }
    }

    static func update(_ database: TestDatabase, _ change: @escaping @Sendable (inout HireRecord) -> Void) async throws {
        try await database.withDatabase(role: "attest_operator") { db in
            _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
                try await HireRepository().update("E-2", context: context, connection: connection, logger: TestDatabase.logger, change)
            }
        }
    }
}
