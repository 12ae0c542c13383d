import Daemon
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Writes through the API record what the command line records, with the event and
/// the obligations, and refuse bad input naming the field, changing nothing.
@Suite struct APIWriteTests {
    @Test func addingAHireCreatesTheRecordItsEventAndItsObligations() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let response = try await client.execute(
                    uri: "/api/v1/tenants/alpha/hires", method: .post, headers: APIFixture.headers(fixture.alphaToken),
                    body: APIFixture.body(#"{"employee_id": "E-1001", "start_date": "2026-11-23", "citizenship": "citizen"}"#))
                #expect(response.status == .ok)
                let answer = APIFixture.object(response)
                #expect(answer["subject"] as? String == "hire E-1001")
                #expect((answer["obligations"] as? [String: Any])?["inserted"] as? Int == 4)
            }
            let stored = try await fixture.database.superuser { connection in
                try await connection.query("""
                    SELECT (SELECT count(*)::int FROM attest.hires WHERE tenant_id = \(fixture.alpha.id) AND external_id = 'E-1001'),
                           (SELECT count(*)::int FROM attest.obligations WHERE tenant_id = \(fixture.alpha.id) AND subject_id = 'E-1001'
                                AND state = 'open'),
                           (SELECT string_agg(actor || ' ' || action, ',') FROM attest.events
                            WHERE tenant_id = \(fixture.alpha.id) AND subject_id = 'E-1001')
                    """, logger: TestDatabase.logger).decode((Int, Int, String?).self).first { _ in true }
            }
            #expect(stored?.0 == 1)
            #expect(stored?.1 == 4)
            #expect(stored?.2 == "token:alpha-ops hire.saved")
        }
    }

    @Test func recordedWorkCompletesItsObligation() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let headers = APIFixture.headers(fixture.alphaToken)
                let review = try await client.execute(uri: "/api/v1/tenants/alpha/hires/E-1/i9/review", method: .post, headers: headers,
                                                      body: APIFixture.body(#"{"on": "2026-11-25", "reviewer": "P-2"}"#))
                #expect(review.status == .ok)
                #expect((APIFixture.object(review)["obligations"] as? [String: Any])?["completed"] as? Int == 1)
                let hire = APIFixture.object(try await client.execute(uri: "/api/v1/tenants/alpha/hires/E-1", method: .get, headers: headers))
                let obligations = hire["obligations"] as? [[String: Any]] ?? []
                let reviewObligation = obligations.first { $0["kind"] as? String == "i9_secondary_review" }
                #expect(reviewObligation?["status"] as? String == "done")
                #expect((hire["i9"] as? [String: Any])?["reviewer"] as? String == "P-2")
            }
        }
    }

    @Test(arguments: [
        ("/hires", #"{"start_date": "2026-11-23"}"#, "employee_id", "is required"),
        ("/hires", #"{"employee_id": "E-2", "start_date": "23/11/2026"}"#, "start_date", "YYYY-MM-DD"),
        ("/hires", #"{"employee_id": "E-2", "start_date": "2026-11-23", "job_days": "ten"}"#, "job_days", "whole number"),
        ("/hires", #"{"employee_id": "E-2", "start_date": "2026-11-23", "citizenship": "martian"}"#, "citizenship", "one of"),
        ("/hires", #"{"employee_id": "E-2", "start_date": "2026-11-23", "ssn": "123-45-6789"}"#, "ssn", "not a field"),
        ("/hires", #"{"employee_id": "E 2!", "start_date": "2026-11-23"}"#, "employee_id", "not an id"),
        ("/people", #"{"person_id": "P-9", "name": "Ann", "email": "ann@"}"#, "email", "e-mail"),
        ("/people", #"{"person_id": "P-9", "name": "Ann", "roles": ["boss"]}"#, "roles[0]", "one of"),
        ("/hires/E-1/i9/review", #"{"on": "2026-11-25", "reviewer": "P-1"}"#, "reviewer", "different person"),
        ("/hires/E-1/i9/section2", #"{"on": "2026-11-24", "preparer": "P-9"}"#, "preparer", "training"),
        ("/hires/E-1/termination", #"{"on": "2026-01-01"}"#, "on", "before the start date"),
        ("/tips/T-1/respond", #"{"on": "2026-11-01", "steps": "called back"}"#, "on", "before"),
        ("/tips/T-1/investigate", #"{"on": "2026-11-01"}"#, "on", "before"),
        ("/hires/H-alpha/everify/tnc", #"{"on": "2026-11-26"}"#, "case", "no E-Verify case"),
        ("/hires/E-1/everify/refer", #"{"on": "2026-11-26"}"#, "on", "TNC"),
        ("/nomatch-letters", #"{"letter_id": "L 1!", "received_on": "2026-11-20"}"#, "letter_id", "not an id"),
        ("/nomatch-letters", #"{"letter_id": "L-1", "received_on": "2026-11-20", "source": "irs"}"#, "source", "one of"),
        ("/self-reports", #"{"report_id": "SR-1", "discovered_on": "2026-11-20", "description": "x"}"#, "source", "is required"),
        ("/self-reports", #"{"report_id": "SR-1", "discovered_on": "2026-11-20", "source": "tip", "source_ref": "T-9", "description": "x"}"#,
         "source_ref", "T-9"),
        ("/audits", #"{"year": 2025, "from": "2025-01-01", "to": "2025-12-31"}"#, "auditor", "either"),
        ("/audits", #"{"year": 2025, "from": "2025-01-01", "to": "2025-12-31", "auditor": "P-9"}"#, "auditor", "no person \"P-9\""),
        ("/audits", #"{"year": 2026, "from": "2026-01-01", "to": "2026-12-31", "auditor": "P-1"}"#, "auditor", "prepared or reviewed"),
        ("/audits", #"{"year": 2025, "from": "2025-12-31", "to": "2025-01-01", "firm": "Acme"}"#, "to", "before from"),
        ("/audits/2024/complete", #"{"on": "2026-02-01", "findings": "none"}"#, "year", "no audit of 2024"),
        ("/reports/1800/submit", #"{"on": "2026-02-01"}"#, "year", "1971"),
        ("/policies/POL-1/review", #"{"kind": "dress_code", "title": "Dress", "on": "2026-01-10"}"#, "kind", "one of"),
        ("/curricula", #"{"version": "2026 one!", "on": "2026-01-05"}"#, "version", "not a version"),
        ("/network/companies", #"{"company_id": "NC-1", "name": "Beta", "contact_email": "lee@", "joined_on": "2026-01-02"}"#, "contact_email", "e-mail"),
        ("/closures", #"{"day": "24/12/2026"}"#, "day", "YYYY-MM-DD"),
        ("/people", #"{"person_id": "P-9", "name": "Mallory\u0000"}"#, "name", "control character U+0000"),
        ("/nomatch-letters", #"{"letter_id": "L-9", "received_on": "2200-12-31"}"#, "received_on", "the latest date a record may carry"),
        ("/people", #"{"person_id": "P-9", "name": "Ann", "roles": ["hr\u0085"]}"#, "roles[0]", "control character U+0085"),
        ("/tips/T-1/respond", #"{"on": "2026-11-24", "steps": "Called", "answer": "see \u001b[2J"}"#, "answer", "control character U+001B"),
    ])
    func badInputNamesTheFieldAndChangesNothing(path: String, body: String, field: String, message: String) async throws {
        try await APIFixture.with { fixture in
            let before = try await fixture.snapshot(of: fixture.alpha)
            try await fixture.withClient { client in
                let response = try await client.execute(uri: "/api/v1/tenants/alpha\(path)", method: .post,
                                                        headers: APIFixture.headers(fixture.alphaToken), body: APIFixture.body(body))
                #expect(response.status == .unprocessableContent)
                let error = APIFixture.object(response)["error"] as? [String: Any]
                #expect(error?["field"] as? String == field, "\(String(buffer: response.body))")
                #expect((error?["message"] as? String)?.contains(message) == true, "\(String(buffer: response.body))")
            }
            #expect(try await fixture.snapshot(of: fixture.alpha) == before)
        }
    }

    /// Writes of one tenant at once (a curriculum version completes obligations, a person
    /// is saved, both append events): none may fail. The event chain's lock is taken at
    /// commit, after every row lock; taken at the first event it deadlocked (schemathesis
    /// found it: one request of sixteen answered 500).
    @Test func concurrentWritesOfOneTenantAllSucceed() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for n in 1...8 {
                        group.addTask {
                            try await client.execute(uri: "/api/v1/tenants/alpha/curricula", method: .post, headers: APIFixture.headers(fixture.alphaToken),
                                                     body: APIFixture.body(#"{"version": "v\#(n)", "on": "2020-01-0\#(n)"}"#)).status
                        }
                        group.addTask {
                            try await client.execute(uri: "/api/v1/tenants/alpha/people", method: .post, headers: APIFixture.headers(fixture.alphaToken),
                                                     body: APIFixture.body(#"{"person_id": "C-\#(n)", "name": "Person \#(n)"}"#)).status
                        }
                    }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                #expect(statuses.count == 16 && statuses.allSatisfy { $0 == .ok }, "\(statuses.map(\.code))")
            }
            let report = try await EventChainTests.verify(fixture.database, fixture.alpha)
            #expect(report.isIntact, "\(String(describing: report.firstBreak?.sentence)) \(report.unlinkedEvents)")
        }
    }

    @Test func oversizedMalformedAndMistypedBodiesAreRefused() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let headers = APIFixture.headers(fixture.alphaToken)
                let name = String(repeating: "x", count: APILimits.maxBodyBytes)
                let big = try await client.execute(uri: "/api/v1/tenants/alpha/people", method: .post, headers: headers,
                                                   body: APIFixture.body(#"{"person_id": "P-9", "name": "\#(name)"}"#))
                #expect(big.status == .contentTooLarge)
                #expect((APIFixture.object(big)["error"] as? [String: Any])?["code"] as? String == "body_too_large")
                let broken = try await client.execute(uri: "/api/v1/tenants/alpha/people", method: .post, headers: headers,
                                                      body: APIFixture.body(#"{"person_id": "#))
                #expect(broken.status == .badRequest)
                var plain = headers
                plain[.contentType] = "text/plain"
                let text = try await client.execute(uri: "/api/v1/tenants/alpha/people", method: .post, headers: plain,
                                                    body: APIFixture.body(#"{"person_id": "P-9", "name": "Ann"}"#))
                #expect(text.status == .unsupportedMediaType)
                let badLimit = try await client.execute(uri: "/api/v1/tenants/alpha/hires?limit=5000", method: .get, headers: headers)
                #expect(badLimit.status == .badRequest)
                #expect((APIFixture.object(badLimit)["error"] as? [String: Any])?["field"] as? String == "limit")
            }
        }
    }

    @Test func listsArePagedWithACursor() async throws {
        try await APIFixture.with { fixture in
            try await fixture.withClient { client in
                let headers = APIFixture.headers(fixture.alphaToken)
                var seen: [String] = []
                var uri = "/api/v1/tenants/alpha/obligations?limit=2"
                for _ in 0..<50 {
                    let page = APIFixture.object(try await client.execute(uri: uri, method: .get, headers: headers))
                    let items = page["items"] as? [[String: Any]] ?? []
                    #expect(items.count <= 2)
                    seen += items.compactMap { $0["id"] as? String }
                    guard let cursor = page["next_cursor"] as? String else { break }
                    uri = "/api/v1/tenants/alpha/obligations?limit=2&cursor=\(cursor)"
                }
                let all = APIFixture.object(try await client.execute(uri: "/api/v1/tenants/alpha/obligations?limit=200", method: .get, headers: headers))
                let ids = (all["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids.count > 2)
                #expect(seen == ids)
                let open = APIFixture.object(try await client.execute(
                    uri: "/api/v1/tenants/alpha/obligations?status=done&due_before=2027-01-01", method: .get, headers: headers))
                let states = Set((open["items"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String })
                #expect(states == ["done"])
            }
        }
    }
}
