import Console
import Foundation
import HTTPTypes
import PostgresNIO
import Storage
import Synchronization
import TestSupport
import Testing

/// What an operator records on a hire from the console: the same Storage code, rules
/// and events as the CLI, the problems next to their fields, nothing changed by a
/// refused post, and no way into another tenant's records.
@Suite struct HireActionTests {
    @Test func recordingSection2WithATrainedPreparerCompletesItsObligation() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let page = try await manager.get("/tenants/alpha/hires/H-alpha")
                #expect(page.body.contains("action=\"/tenants/alpha/hires/H-alpha/section2\""))
                #expect(!page.body.contains("/H-alpha/review\""), "a review is offered before Section 2")
                let saved = try await manager.post("/tenants/alpha/hires/H-alpha/section2",
                                                   ["on": "2026-11-17", "preparer": "P-1", "form_token": try #require(page.formToken)])
                #expect(saved.status == .seeOther)
                let location = try #require(saved.location)
                #expect(location.hasPrefix("/tenants/alpha/hires/H-alpha?done=section2&") && location.contains("completed=1"), "\(location)")
                let after = try await manager.get(location)
                #expect(after.body.contains("role=\"status\">Section 2 recorded. 1 obligation completed"), "\(after.body)")
                #expect(after.body.contains("/H-alpha/review\""), "the review is offered once Section 2 is recorded")
            }
            let state = try await Self.scalar(fixture.operators, """
                SELECT o.state || ' ' || i.preparer_id FROM attest.obligations AS o
                JOIN attest.i9_records AS i ON i.tenant_id = o.tenant_id AND i.hire_id = o.subject_id
                WHERE o.tenant_id = \(fixture.alpha.id) AND o.subject_id = 'H-alpha' AND o.kind = 'i9_section2'
                """)
            #expect(state == "done P-1")
            let actor = try await Self.scalar(fixture.operators, """
                SELECT actor FROM attest.events WHERE tenant_id = \(fixture.alpha.id) AND subject_id = 'H-alpha' ORDER BY id DESC LIMIT 1
                """)
            #expect(actor == "account:\(ConsoleFixture.managerEmail)")
        }
    }

    @Test func aRefusedFormShowsEachProblemNextToItsFieldKeepsWhatWasTypedAndChangesNothing() async throws {
        try await ConsoleFixture.with { fixture in
            let events = try await Self.eventCount(fixture)
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await admin.get("/tenants/alpha/hires/H-alpha").formToken)
                let malformed = try await admin.post("/tenants/alpha/hires/H-alpha/section2", ["on": "2026-13-01", "preparer": "", "form_token": token])
                #expect(malformed.status == .unprocessableContent)
                #expect(malformed.body.contains("id=\"section2-on\" name=\"on\" aria-describedby=\"section2-on-error\" aria-invalid=\"true\""))
                #expect(malformed.body.contains("&quot;2026-13-01&quot; is not a date") && malformed.body.contains("value=\"2026-13-01\""))
                #expect(malformed.body.contains("id=\"section2-preparer-error\">Prepared by (person id): required"))
                #expect(malformed.body.contains("<details class=\"action\" open><summary>Record Section 2"))
                let unknown = try await admin.post("/tenants/alpha/hires/H-alpha/section2", ["on": "2026-11-17", "preparer": "NOBODY", "form_token": token])
                #expect(unknown.status == .unprocessableContent)
                #expect(unknown.body.contains("id=\"section2-preparer-error\">Prepared by (person id): hire H-alpha: NOBODY prepared Section 2 on 2026-11-17 without a current I-9 training"),
                        "\(unknown.body)")
                #expect(unknown.body.contains("value=\"NOBODY\""))
                let samePerson = try await admin.post("/tenants/alpha/hires/E-1/review", ["on": "2026-11-25", "reviewer": "P-1", "form_token": token])
                #expect(samePerson.status == .unprocessableContent)
                #expect(samePerson.body.contains("id=\"review-reviewer-error\">Reviewed by (person id): hire E-1: the secondary reviewer must be a different person"))
                let noCase = try await admin.post("/tenants/alpha/hires/H-alpha/everify-tnc", ["on": "2026-11-20", "form_token": token])
                #expect(noCase.status == .unprocessableContent && noCase.body.contains("has no E-Verify case"))
            }
            #expect(try await Self.eventCount(fixture) == events, "a refused form recorded something")
            let preparer = try await Self.scalar(fixture.operators, """
                SELECT coalesce(i.preparer_id, 'none') FROM attest.hires AS h LEFT JOIN attest.i9_records AS i
                ON i.tenant_id = h.tenant_id AND i.hire_id = h.external_id WHERE h.tenant_id = \(fixture.alpha.id) AND h.external_id = 'H-alpha'
                """)
            #expect(preparer == "none")
        }
    }

    @Test func aManagersPostsAgainstAnotherTenantAreNotFoundAndCrossSitePostsAreRefused() async throws {
        try await ConsoleFixture.with { fixture in
            let events = try await Self.eventCount(fixture)
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await manager.get("/tenants/alpha/hires/H-alpha").formToken)
                let fields = ["on": "2026-11-17", "preparer": "P-1", "form_token": token]
                let other = try await manager.post("/tenants/bravo/hires/H-bravo/section2", fields)
                let missing = try await manager.post("/tenants/no-such-tenant/hires/H-bravo/section2", fields)
                #expect(other.status == .notFound && other.body == missing.body)
                #expect(try await manager.post("/tenants/alpha/hires/H-bravo/section2", fields).status == .notFound)
                #expect(try await manager.post("/tenants/bravo/new-hire", ["employee_id": "X-1", "start_date": "2026-11-30", "form_token": token]).status
                        == .notFound)
                let crossSite = try await manager.post("/tenants/alpha/hires/H-alpha/section2", fields, headers: [.origin: "https://evil.example"])
                #expect(crossSite.status == .forbidden)
                var withoutToken = fields
                withoutToken["form_token"] = nil
                #expect(try await manager.post("/tenants/alpha/hires/H-alpha/section2", withoutToken).status == .forbidden)
                #expect(try await manager.post("/tenants/alpha/hires/H-alpha/no-such-action", fields).status == .notFound)
            }
            #expect(try await Self.eventCount(fixture) == events, "a refused post recorded something")
        }
    }

    @Test func anOperatorAddsAHireAndSeesItsObligations() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let form = try await admin.get("/tenants/bravo/new-hire")
                #expect(form.status == .ok && form.body.contains("name=\"everify_required\" checked"))
                let token = try #require(form.formToken)
                let bad = try await admin.post("/tenants/bravo/new-hire", ["employee_id": "bad id!", "start_date": "", "job_days": "0",
                                                                           "everify_required": "on", "form_token": token])
                #expect(bad.status == .unprocessableContent)
                for field in ["employee_id", "start_date", "job_days"] {
                    #expect(bad.body.contains("id=\"hire-form-\(field)-error\""), "no problem shown for \(field)")
                }
                #expect(bad.body.contains("value=\"bad id!\""))
                let saved = try await admin.post("/tenants/bravo/new-hire", ["employee_id": "E-NEW", "start_date": "2026-11-30",
                                                                             "everify_required": "on", "form_token": token])
                let location = try #require(saved.location)
                #expect(location.hasPrefix("/tenants/bravo/hires/E-NEW?done=hire-saved&added="), "\(location)")
                let page = try await admin.get(location)
                #expect(page.body.contains("Hire saved.") && page.body.contains("obligations added"))
                #expect(page.body.contains(">Form I-9 Section 2<") || page.body.contains("Section 2"))
            }
            let kinds = try await Self.scalar(fixture.operators, """
                SELECT string_agg(kind, ',' ORDER BY kind) FROM attest.obligations WHERE tenant_id = \(fixture.bravo.id) AND subject_id = 'E-NEW'
                """)
            #expect(kinds?.contains("i9_section2") == true && kinds?.contains("everify_case_creation") == true, "\(kinds ?? "none")")
            let alphaHas = try await Self.scalar(fixture.operators, "SELECT count(*)::text FROM attest.hires WHERE external_id = 'E-NEW' AND tenant_id = \(fixture.alpha.id)")
            #expect(alphaHas == "0")
        }
    }

    /// The write policy, tried directly: a manager's session writes alpha's rows only
    /// when the transaction names alpha, and never bravo's, whatever it names.
    @Test func theConsoleRoleWritesOnlyTheNamedTenantItsSessionMaySee() async throws {
        try await ConsoleFixture.with { fixture in
            let session = try await fixture.signedInSession(ConsoleFixture.managerEmail)
            func attempt(naming tenant: UUID?, _ statement: PostgresQuery) async throws -> Int {
                try await fixture.console.withTransaction { connection in
                    try await connection.query("SELECT set_config('attest.console_session', \(session), true)", logger: TestDatabase.logger)
                    if let tenant { try await Database.actFor(tenant, connection: connection, logger: TestDatabase.logger) }
                    let rows = try await connection.query(statement, logger: TestDatabase.logger)
                    return try await rows.collect().count
                }
            }
            let alpha = fixture.alpha.id, bravo = fixture.bravo.id
            let update: PostgresQuery = "UPDATE attest.hires SET job_business_days = 2 WHERE external_id = 'E-1' RETURNING tenant_id"
            #expect(try await attempt(naming: nil, update) == 0)
            #expect(try await attempt(naming: bravo, update) == 0)
            #expect(try await attempt(naming: alpha, update) == 1)
            for named in [nil, alpha, bravo] as [UUID?] {
                await #expect(throws: PSQLError.self, "an insert for bravo naming \(String(describing: named)) was allowed") {
                    try await attempt(naming: named, "INSERT INTO attest.hires (tenant_id, external_id, start_date) VALUES (\(bravo), 'X-9', '2026-11-30')")
                }
            }
            let changed = try await Self.scalar(fixture.operators, "SELECT count(*)::text FROM attest.hires WHERE job_business_days = 2")
            #expect(changed == "1")
        }
    }

    private static func eventCount(_ fixture: ConsoleFixture) async throws -> String? {
        try await scalar(fixture.operators, "SELECT count(*)::text FROM attest.events")
    }

    private static func scalar(_ database: Database, _ query: PostgresQuery) async throws -> String? {
        let rows = try await database.client.query(query, logger: TestDatabase.logger)
        for try await value in rows.decode(String?.self) { return value }
        return nil
    }
}
