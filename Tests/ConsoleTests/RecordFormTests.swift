import Console
import Foundation
import HTTPTypes
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The record lists' forms: people, trainings and no-match letters recorded from the
/// console through the CLI's Storage code, problems next to their fields, nothing
/// changed by a refused post.
@Suite struct RecordFormTests {
    @Test func anOperatorAddsAPersonRecordsTheirTrainingAndSeesThemListed() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let list = try await manager.get("/tenants/alpha/people")
                #expect(list.body.contains("action=\"/tenants/alpha/people/person\"") && list.body.contains("action=\"/tenants/alpha/people/training\""))
                let token = try #require(list.formToken)
                let added = try await manager.post("/tenants/alpha/people/person", [
                    "person_id": "P-9", "name": "Nia New", "email": "nia@alpha.example", "role_i9_preparer": "on", "form_token": token,
                ])
                #expect(added.status == .seeOther && added.location?.hasPrefix("/tenants/alpha/people?done=person&") == true)
                let trained = try await manager.post("/tenants/alpha/people/training", ["person": "P-9", "on": "2026-11-02", "form_token": token])
                let location = try #require(trained.location)
                let page = try await manager.get(location)
                #expect(page.body.contains("role=\"status\">Training recorded."), "\(page.body)")
                #expect(page.body.contains("Nia New") && page.body.contains("2026-11-02"))
            }
            let stored = try await Self.rows(fixture.operators, """
                SELECT p.name || ' ' || array_to_string(p.roles, ',') || ' ' || t.completed_on::text
                FROM attest.people AS p JOIN attest.trainings AS t ON t.tenant_id = p.tenant_id AND t.person_id = p.external_id
                WHERE p.tenant_id = \(fixture.alpha.id) AND p.external_id = 'P-9'
                """)
            #expect(stored == ["Nia New i9_preparer 2026-11-02"])
        }
    }

    @Test func refusedFormsShowTheirProblemsAndChangeNothing() async throws {
        try await ConsoleFixture.with { fixture in
            let before = try await Self.rows(fixture.operators, "SELECT count(*)::text FROM attest.events")
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await admin.get("/tenants/bravo/people").formToken)
                let person = try await admin.post("/tenants/bravo/people/person", ["person_id": "-bad", "name": "", "email": "not-an-address",
                                                                                  "form_token": token])
                #expect(person.status == .unprocessableContent)
                for field in ["person_id", "name", "email"] {
                    #expect(person.body.contains("id=\"person-\(field)-error\""), "no problem shown for \(field)")
                }
                #expect(person.body.contains("value=\"not-an-address\"") && person.body.contains("<details class=\"action\" open><summary>Add or update a person"))
                let stranger = try await admin.post("/tenants/bravo/people/training", ["person": "NOBODY", "on": "2026-11-02", "form_token": token])
                #expect(stranger.status == .unprocessableContent)
                #expect(stranger.body.contains("id=\"training-person-error\">Person id: the person is not recorded"), "\(stranger.body)")
                let letter = try await admin.post("/tenants/bravo/nomatch/resolve", ["letter_id": "L-404", "on": "2026-11-02", "resolution": "x",
                                                                                    "evidence": "y", "form_token": token])
                #expect(letter.status == .unprocessableContent && letter.body.contains("L-404"), "\(letter.body)")
                #expect(try await admin.post("/tenants/bravo/people/no-such-form", ["form_token": token]).status == .notFound)
            }
            #expect(try await Self.rows(fixture.operators, "SELECT count(*)::text FROM attest.events") == before)
        }
    }

    @Test func aLetterIsReceivedThenResolvedAndAManagerCannotRecordForAnotherTenant() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await manager.get("/tenants/alpha/nomatch").formToken)
                let received = try await manager.post("/tenants/alpha/nomatch/receive", ["letter_id": "L-1", "on": "2026-11-20", "employee_id": "E-1",
                                                                                        "source": "ssa", "form_token": token])
                #expect(received.location?.contains("added=") == true, "\(received.status) \(received.body)")
                let resolved = try await manager.post("/tenants/alpha/nomatch/resolve", ["letter_id": "L-1", "on": "2026-11-27",
                                                                                        "resolution": "Name corrected with SSA", "evidence": "HR-file-42",
                                                                                        "form_token": token])
                #expect(resolved.location?.contains("completed=") == true)
                let other = try await manager.post("/tenants/bravo/nomatch/receive", ["letter_id": "L-2", "on": "2026-11-20", "source": "ssa",
                                                                                     "form_token": token])
                #expect(other.status == .notFound)
            }
            let letters = try await Self.rows(fixture.operators, """
                SELECT tenant_id::text || ' ' || letter_id || ' ' || coalesce(resolved_on::text, '-') FROM attest.nomatch_letters ORDER BY letter_id
                """)
            #expect(letters == ["\(fixture.alpha.id.uuidString.lowercased()) L-1 2026-11-27"])
        }
    }

    @Test func theAnnualAuditIsScheduledAndCompletedAndAPolicyReviewed() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await admin.get("/tenants/alpha/audits").formToken)
                let both = try await admin.post("/tenants/alpha/audits/schedule", ["year": "2026", "from": "2026-12-01", "to": "2026-01-01",
                                                                                  "firm": "Audit & Co", "auditor": "P-2", "on": "2026-11-02",
                                                                                  "form_token": token])
                #expect(both.status == .unprocessableContent)
                #expect(both.body.contains("id=\"schedule-auditor-error\">Internal auditor (person id): give either the firm"))
                #expect(both.body.contains("id=\"schedule-to-error\">Last day of the audited period: is before the first day 2026-12-01"))
                let scheduled = try await admin.post("/tenants/alpha/audits/schedule", ["year": "2025", "from": "2025-01-01", "to": "2025-12-31",
                                                                                       "firm": "Audit & Co", "on": "2026-11-02", "form_token": token])
                #expect(scheduled.status == .seeOther, "\(scheduled.body)")
                let early = try await admin.post("/tenants/alpha/audits/complete", ["year": "2025", "on": "2025-11-30", "findings": "x", "form_token": token])
                #expect(early.body.contains("id=\"complete-year-error\">Year: no audit of 2025 is scheduled, or its period ends after 2025-11-30"))
                let completed = try await admin.post("/tenants/alpha/audits/complete", ["year": "2025", "on": "2026-11-30",
                                                                                       "findings": "Two I-9s corrected", "form_token": token])
                #expect(completed.status == .seeOther, "\(completed.body.components(separatedBy: "role=\"alert\"").dropFirst().first?.prefix(300) ?? "")")
                let page = try await admin.get(try #require(completed.location))
                #expect(page.body.contains("Audit completed.") && page.body.contains("Audit &amp; Co"))
                let badYear = try await admin.post("/tenants/alpha/policies/review", ["policy_id": "POL-1", "kind": "hiring", "title": "Hiring",
                                                                                     "on": "2026-11-02", "form_token": token, "year": "x"])
                #expect(badYear.status == .seeOther, "a field the form does not have is ignored")
                let noKind = try await admin.post("/tenants/alpha/policies/review", ["policy_id": "POL-2", "kind": "", "title": "T",
                                                                                    "on": "2026-11-02", "form_token": token])
                #expect(noKind.status == .unprocessableContent && noKind.body.contains("id=\"review-kind-error\">Kind: required"))
            }
            let audit = try await Self.rows(fixture.operators, """
                SELECT coalesce(external_firm, '-') || ' ' || coalesce(completed_on::text, '-') FROM attest.audits WHERE tenant_id = \(fixture.alpha.id)
                """)
            #expect(audit == ["Audit & Co 2026-11-30"])
            let policies = try await Self.rows(fixture.operators, "SELECT policy_id FROM attest.policies WHERE tenant_id = \(fixture.alpha.id)")
            #expect(policies == ["POL-1"])
        }
    }

    @Test func aSelfReportGoesThroughItsProcedureAndTheNetworkIsKept() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await manager.get("/tenants/alpha/self-reports").formToken)
                let steps: [(String, [String: String])] = [
                    ("record", ["report_id": "SR-1", "on": "2026-11-10", "source": "audit", "description": "Section 2 late for E-1"]),
                    ("correct", ["report_id": "SR-1", "on": "2026-11-12", "action": "Section 2 completed; preparer retrained"]),
                    ("report", ["report_id": "SR-1", "on": "2026-11-13"]),
                ]
                for (form, fields) in steps {
                    let posted = try await manager.post("/tenants/alpha/self-reports/\(form)", fields.merging(["form_token": token]) { $1 })
                    #expect(posted.status == .seeOther, "\(form): \(posted.status)")
                }
                let unknown = try await manager.post("/tenants/alpha/self-reports/correct", ["report_id": "SR-404", "on": "2026-11-12",
                                                                                            "action": "x", "form_token": token])
                #expect(unknown.status == .unprocessableContent && unknown.body.contains("SR-404"))
                let company = try await manager.post("/tenants/alpha/network/company", ["company_id": "NET-1", "name": "Partner Staffing",
                                                                                       "contact_email": "bad", "joined": "2026-01-05",
                                                                                       "form_token": token])
                #expect(company.status == .unprocessableContent && company.body.contains("id=\"company-contact_email-error\""))
                for (form, fields) in [("company", ["company_id": "NET-1", "name": "Partner Staffing", "joined": "2026-01-05"]),
                                       ("communicated", ["company": "NET-1", "on": "2026-11-03", "channel": "email"])] {
                    let posted = try await manager.post("/tenants/alpha/network/\(form)", fields.merging(["form_token": token]) { $1 })
                    #expect(posted.status == .seeOther, "\(form): \(posted.status) \(posted.body.suffix(400))")
                }
            }
            let report = try await Self.rows(fixture.operators, """
                SELECT corrected_on::text || ' ' || reported_to_ice_on::text FROM attest.self_reports WHERE tenant_id = \(fixture.alpha.id)
                """)
            #expect(report == ["2026-11-12 2026-11-13"])
            let sent = try await Self.rows(fixture.operators, """
                SELECT company_id || ' ' || channel FROM attest.network_communications WHERE tenant_id = \(fixture.alpha.id)
                """)
            #expect(sent == ["NET-1 email"])
        }
    }

    @Test func closuresSettingsAndTheReportSubmissionAreRecordedOnTheTenantPage() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let page = try await admin.get("/tenants/bravo")
                #expect(page.body.contains("<textarea id=\"settings-json\" name=\"json\""), "the settings form is not prefilled")
                let token = try #require(page.formToken)
                let badJSON = try await admin.post("/tenants/bravo/record/settings", ["json": "{\"section2Days\": \"three\"", "form_token": token])
                #expect(badJSON.status == .unprocessableContent)
                #expect(badJSON.body.contains("id=\"settings-json-error\"") || badJSON.body.contains("role=\"alert\""), "\(badJSON.body.suffix(800))")
                #expect(badJSON.body.contains("{&quot;section2Days&quot;: &quot;three&quot;"), "what was typed is not kept")
                let closed = try await admin.post("/tenants/bravo/record/closure", ["day": "2026-12-24", "note": "Holiday shutdown", "form_token": token])
                #expect(closed.status == .seeOther && closed.location?.hasPrefix("/tenants/bravo?done=closure&") == true)
                let after = try await admin.get(try #require(closed.location))
                #expect(after.body.contains("Closure saved") && after.body.contains("Holiday shutdown"))
                let submitted = try await admin.post("/tenants/bravo/record/report-submitted", ["year": "2025", "on": "2026-01-20",
                                                                                              "reference": "ICE-2025-7", "form_token": token])
                #expect(submitted.status == .seeOther, "\(submitted.body.suffix(600))")
            }
            let closures = try await Self.rows(fixture.operators, "SELECT day::text || ' ' || note FROM attest.tenant_closures WHERE tenant_id = \(fixture.bravo.id)")
            #expect(closures == ["2026-12-24 Holiday shutdown"])
            let reports = try await Self.rows(fixture.operators, "SELECT reference FROM attest.annual_reports WHERE tenant_id = \(fixture.bravo.id)")
            #expect(reports == ["ICE-2025-7"])
        }
    }

    private static func rows(_ database: Database, _ query: PostgresQuery) async throws -> [String] {
        try await database.client.query(query, logger: TestDatabase.logger).decode(String.self).reduce(into: []) { $0.append($1) }
    }
}
