import Daemon
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Storage
import TestSupport
import Testing

/// The record actions added after the first API routes: each stores its record,
/// appends its event as the token and opens or completes its obligations; unknown
/// paths and methods answer JSON.
@Suite struct APIRecordTests {
    /// `POST path` with `body` as alpha's token; the parsed answer.
    static func post(_ client: any TestClientProtocol, _ fixture: APIFixture, _ path: String, _ body: String,
                     expect status: HTTPResponse.Status = .ok) async throws -> [String: Any] {
        let response = try await client.execute(uri: "/api/v1/tenants/alpha\(path)", method: .post,
                                                headers: APIFixture.headers(fixture.alphaToken), body: APIFixture.body(body))
        #expect(response.status == status, "\(path): \(String(buffer: response.body))")
        return APIFixture.object(response)
    }

    static func counts(_ answer: [String: Any]) -> [String: Int] {
        (answer["obligations"] as? [String: Int]) ?? [:]
    }

    /// The states of `subject`'s obligations by kind, and the trail of its events.
    static func trail(_ fixture: APIFixture, subject: String) async throws -> (states: [String: String], events: [String]) {
        try await fixture.database.superuser { connection in
            var states: [String: String] = [:]
            for try await (kind, state) in try await connection.query("""
                SELECT kind, state FROM attest.obligations WHERE tenant_id = \(fixture.alpha.id) AND subject_id = \(subject)
                """, logger: TestDatabase.logger).decode((String, String).self) { states[kind] = state }
            var events: [String] = []
            for try await line in try await connection.query("""
                SELECT actor || ' ' || action FROM attest.events WHERE tenant_id = \(fixture.alpha.id) AND subject_id = \(subject) ORDER BY id
                """, logger: TestDatabase.logger).decode(String.self) { events.append(line) }
            return (states, events)
        }
    }

    @Test func aNoMatchLetterOpensItsObligationsAndItsResolutionCompletesThem() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let received = try await Self.post(client, fixture, "/nomatch-letters", #"{"letter_id": "L-7", "received_on": "2026-11-20", "employee_id": "E-1"}"#)
                #expect(received["subject"] as? String == "letter L-7")
                #expect(Self.counts(received)["inserted"] == 2)
                let opened = try await Self.trail(fixture, subject: "L-7")
                #expect(opened.states == ["nomatch_acknowledge": "open", "nomatch_resolve": "open"])
                #expect(opened.events == ["token:alpha-ops nomatch.saved"])
                let resolved = try await Self.post(client, fixture, "/nomatch-letters/L-7/resolve",
                                                   #"{"on": "2026-11-27", "resolution": "SSA record corrected", "evidence": "HR file L-7"}"#)
                #expect(Self.counts(resolved)["completed"] == 2)
                let done = try await Self.trail(fixture, subject: "L-7")
                #expect(done.states == ["nomatch_acknowledge": "done", "nomatch_resolve": "done"])
                #expect(done.events == ["token:alpha-ops nomatch.saved", "token:alpha-ops nomatch.saved"])
                let listed = APIFixture.object(try await client.execute(uri: "/api/v1/tenants/alpha/nomatch-letters", method: .get,
                                                                        headers: APIFixture.headers(fixture.alphaToken)))
                let letter = (listed["items"] as? [[String: Any]])?.first
                #expect(letter?["letter_id"] as? String == "L-7")
                #expect(letter?["employee_id"] as? String == "E-1")
                #expect(letter?["resolved_on"] as? String == "2026-11-27")
                #expect(letter?["acknowledged_on"] as? String == "2026-11-27")
                _ = try await Self.post(client, fixture, "/nomatch-letters/L-404/resolve",
                                        #"{"on": "2026-11-27", "resolution": "x", "evidence": "y"}"#, expect: .notFound)
            }
        }
    }

    @Test func theNetworkCompanysCommunicationCompletesItsObligationAndIsListed() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let added = try await Self.post(client, fixture, "/network/companies", #"{"company_id": "NC-7", "name": "Beta Staffing", "joined_on": "2026-11-02"}"#)
                #expect(Self.counts(added)["inserted"] == 1)
                #expect(try await Self.trail(fixture, subject: "NC-7").states == ["network_communication": "open"])
                let sent = try await Self.post(client, fixture, "/network/companies/NC-7/communicated", #"{"on": "2026-11-20"}"#)
                #expect(Self.counts(sent)["completed"] == 1)
                #expect(try await Self.trail(fixture, subject: "NC-7").events == ["token:alpha-ops network.company_saved", "token:alpha-ops network.guidelines_sent"])
                let unknown = try await Self.post(client, fixture, "/network/companies/NC-404/communicated", #"{"on": "2026-11-20"}"#, expect: .notFound)
                #expect((unknown["error"] as? [String: Any])?["message"] as? String == "no network company \"NC-404\" in tenant alpha (add it first with `attest network add`)")
                let page = APIFixture.object(try await client.execute(uri: "/api/v1/tenants/alpha/network/companies", method: .get,
                                                                      headers: APIFixture.headers(fixture.alphaToken)))
                let company = (page["items"] as? [[String: Any]])?.first
                #expect(company?["company_id"] as? String == "NC-7")
                #expect(company?["last_communicated_on"] as? String == "2026-11-20")
            }
        }
    }

    @Test func anAuditIsScheduledCompletedAndListed() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                _ = try await Self.post(client, fixture, "/audits", #"{"year": 2025, "from": "2025-01-01", "to": "2025-12-31", "firm": "Acme Audit LLP", "on": "2026-01-15"}"#)
                let completed = try await Self.post(client, fixture, "/audits/2025/complete", #"{"on": "2026-02-01", "findings": "No exceptions"}"#)
                #expect(completed["subject"] as? String == "audit 2025")
                #expect(try await Self.trail(fixture, subject: "2025").events == ["token:alpha-ops audit.scheduled", "token:alpha-ops audit.completed"])
                let list = APIFixture.object(try await client.execute(uri: "/api/v1/tenants/alpha/audits", method: .get,
                                                                      headers: APIFixture.headers(fixture.alphaToken)))
                let audit = (list["items"] as? [[String: Any]])?.first
                #expect(audit?["year"] as? Int == 2025)
                #expect(audit?["firm"] as? String == "Acme Audit LLP")
                #expect(audit?["completed_on"] as? String == "2026-02-01")
                #expect(audit?["auditor"] == nil)
            }
        }
    }

    @Test func aSelfReportIsCorrectedAndReportedThroughItsObligations() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let recorded = try await Self.post(client, fixture, "/self-reports", """
                    {"report_id": "SR-7", "discovered_on": "2026-11-20", "source": "tip", "source_ref": "T-1", "description": "An I-9 was missing"}
                    """)
                #expect(Self.counts(recorded)["inserted"] == 2)
                #expect(try await Self.trail(fixture, subject: "SR-7").states == ["selfreport_correct": "open", "selfreport_report": "open"])
                let corrected = try await Self.post(client, fixture, "/self-reports/SR-7/correct", #"{"on": "2026-11-25", "action": "Completed the I-9"}"#)
                #expect(Self.counts(corrected)["completed"] == 1)
                let reported = try await Self.post(client, fixture, "/self-reports/SR-7/report", #"{"on": "2026-11-26"}"#)
                #expect(Self.counts(reported)["completed"] == 1)
                let done = try await Self.trail(fixture, subject: "SR-7")
                #expect(done.states == ["selfreport_correct": "done", "selfreport_report": "done"])
                #expect(done.events.allSatisfy { $0 == "token:alpha-ops selfreport.saved" } && done.events.count == 3)
            }
        }
    }

    @Test func aTNCStartsTheEmployersClockAndIsShownOnTheHire() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let tnc = try await Self.post(client, fixture, "/hires/E-1/everify/tnc", #"{"on": "2026-11-26"}"#)
                #expect(Self.counts(tnc)["inserted"] ?? 0 >= 1)
                let states = try await Self.trail(fixture, subject: "ALPHA-100").states
                #expect(states["everify_tnc_employer_action"] == "open")
                let hire = APIFixture.object(try await client.execute(uri: "/api/v1/tenants/alpha/hires/E-1", method: .get,
                                                                      headers: APIFixture.headers(fixture.alphaToken)))
                let eVerifyCase = hire["everify_case"] as? [String: Any]
                #expect(eVerifyCase?["status"] as? String == "tnc")
                #expect(eVerifyCase?["tnc_issued_on"] as? String == "2026-11-26")
                #expect(try await Self.trail(fixture, subject: "E-1").events.last == "token:alpha-ops hire.saved")
            }
        }
    }

    @Test func anInvestigatedTipShowsItsStatusLanguageAndPublicAnswerButNotItsText() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                _ = try await Self.post(client, fixture, "/tips/T-1/investigate", #"{"on": "2026-11-22"}"#)
                #expect(try await Self.trail(fixture, subject: "T-1").events.last == "token:alpha-ops tip.investigating")
                _ = try await Self.post(client, fixture, "/tips/T-1/respond", #"{"on": "2026-11-24", "steps": "Checked", "answer": "We checked the forms."}"#)
                let page = APIFixture.object(try await client.execute(uri: "/api/v1/tenants/alpha/tips", method: .get,
                                                                      headers: APIFixture.headers(fixture.alphaToken)))
                let tip = (page["items"] as? [[String: Any]])?.first { $0["tip_id"] as? String == "T-1" }
                #expect(tip?["status"] as? String == "responded")
                #expect(tip?["acknowledged_on"] as? String == "2026-11-22")
                #expect(tip?["investigated_on"] as? String == "2026-11-22")
                #expect(tip?["language"] as? String == "en")
                #expect(tip?["public_answer"] as? String == "We checked the forms.")
                #expect(Set((tip ?? [:]).keys).isDisjoint(with: ["text", "sealed_text", "protocol_steps"]))
            }
        }
    }

    @Test func settingsAndClosuresRecomputeAndAreRecordedAsTheToken() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let headers = APIFixture.headers(fixture.alphaToken)
                let unknown = try await client.execute(uri: "/api/v1/tenants/alpha/settings", method: .put, headers: headers,
                                                       body: APIFixture.body(#"{"noSuchSetting": 3}"#))
                #expect(unknown.status == .unprocessableContent)
                #expect((APIFixture.object(unknown)["error"] as? [String: Any])?["message"] as? String ?? "" != "")
                let replaced = try await client.execute(uri: "/api/v1/tenants/alpha/settings", method: .put, headers: headers, body: APIFixture.body("{}"))
                #expect(replaced.status == .ok)
                _ = try await Self.post(client, fixture, "/closures", #"{"day": "2026-11-27", "note": "Day after Thanksgiving"}"#)
                let events = try await Self.trail(fixture, subject: "alpha").events
                #expect(events == ["token:alpha-ops settings.replaced", "token:alpha-ops closure.added"])
            }
        }
    }

    @Test func unknownPathsAndMethodsAnswerJSON() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                for (uri, method, token) in [("/api/v1/nothing-here", HTTPRequest.Method.get, fixture.alphaToken),
                                             ("/api/v1/tenants/alpha/hires/E-1/nothing", .post, fixture.alphaToken),
                                             ("/api/v1/nothing-here", .get, nil)] {
                    let response = try await client.execute(uri: uri, method: method, headers: APIFixture.headers(token))
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(response.headers[.contentType] == "application/json")
                    #expect((APIFixture.object(response)["error"] as? [String: Any])?["code"] as? String == "not_found")
                }
                let wrong = try await client.execute(uri: "/api/v1/tenants/alpha/people", method: .delete, headers: APIFixture.headers(fixture.alphaToken))
                #expect(wrong.status == .methodNotAllowed)
                #expect(wrong.headers[.allow] == "GET, POST")
                #expect((APIFixture.object(wrong)["error"] as? [String: Any])?["code"] as? String == "method_not_allowed")
                let checker = JSONSchemaChecker(document: try OpenAPIDocumentTests.document())
                let body = try JSONSerialization.jsonObject(with: Data(wrong.body.readableBytesView))
                #expect(checker.problems(body, ["$ref": "#/components/schemas/Error"]).isEmpty)
            }
        }
    }
}
