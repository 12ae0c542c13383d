import Foundation
import Hummingbird
import HummingbirdTesting
import Storage
import TestSupport
import Testing

/// docs/openapi.json stays true: every route the router registers is documented with
/// its method and path template (and nothing else is), and every route, called against
/// a real database, answers a documented status with a body matching its schema.
@Suite struct OpenAPIDocumentTests {
    /// One request to make, for the route `method template`.
    struct Call: Sendable {
        let method: HTTPRequest.Method
        let template: String
        let uri: String
        let body: String?

        init(_ method: HTTPRequest.Method, _ template: String, _ uri: String? = nil, _ body: String? = nil) {
            self.method = method
            self.template = "/api/v1/tenants" + template
            self.uri = "/api/v1/tenants" + (uri ?? template.replacingOccurrences(of: "{slug}", with: "alpha"))
            self.body = body
        }

        var route: String { "\(method) \(template)" }
    }

    /// Every route, called as an operator would; writes in an order that works.
    static let calls: [Call] = [
        Call(.get, ""), Call(.get, "/{slug}"), Call(.get, "/{slug}/status"),
        Call(.get, "/{slug}/agenda", "/alpha/agenda?from=2026-11-01&days=60"),
        Call(.get, "/{slug}/people"), Call(.get, "/{slug}/hires", "/alpha/hires?limit=1"),
        Call(.get, "/{slug}/hires/{employee_id}", "/alpha/hires/E-1"),
        Call(.get, "/{slug}/obligations", "/alpha/obligations?limit=3&status=open&due_before=2030-01-01"),
        Call(.get, "/{slug}/deliveries"), Call(.get, "/{slug}/tips"),
        Call(.post, "/{slug}/people", nil, #"{"person_id": "P-3", "name": "Sam Staff", "email": "sam@alpha.example", "roles": ["hr", "auditor"]}"#),
        Call(.post, "/{slug}/people/{person_id}/trainings", "/alpha/people/P-3/trainings", #"{"completed_on": "2026-02-01", "curriculum": null}"#),
        Call(.post, "/{slug}/hires", nil, """
            {"employee_id": "E-2", "start_date": "2026-11-23", "job_days": 30, "citizenship": "alien_authorized",
             "work_authorization_expires": "2027-06-30", "list_a_document": "ead", "list_a_expires": "2026-10-31",
             "ead_renewal_filed_on": "2025-08-03", "receipt": null, "everify_required": true}
            """),
        Call(.post, "/{slug}/hires/{employee_id}/i9/section1", "/alpha/hires/E-2/i9/section1", #"{"on": "2026-11-23"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/i9/section2", "/alpha/hires/E-2/i9/section2", #"{"on": "2026-11-24", "preparer": "P-1"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/i9/receive-document", "/alpha/hires/E-2/i9/receive-document", #"{"on": "2026-12-01"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/i9/review", "/alpha/hires/E-2/i9/review", #"{"on": "2026-11-25", "reviewer": "P-2"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/i9/reverify", "/alpha/hires/E-2/i9/reverify",
             #"{"on": "2026-11-30", "document": "ead", "expires": "2028-11-30", "ead_renewal_filed_on": null}"#),
        Call(.post, "/{slug}/hires/{employee_id}/everify/open", "/alpha/hires/E-2/everify/open",
             #"{"case_number": "CASE-2", "on": "2026-11-25", "late_reason": "other"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/everify/tnc", "/alpha/hires/E-2/everify/tnc", #"{"on": "2026-11-26"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/everify/refer", "/alpha/hires/E-2/everify/refer", #"{"on": "2026-11-27"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/everify/close", "/alpha/hires/E-2/everify/close",
             #"{"on": "2026-11-30", "reason": "Employment authorized"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/termination", "/alpha/hires/E-2/termination", #"{"on": "2026-12-31"}"#),
        Call(.post, "/{slug}/hires/{employee_id}/rehire", "/alpha/hires/E-2/rehire", #"{"on": "2027-03-01"}"#),
        Call(.get, "/{slug}/hires/{employee_id}", "/alpha/hires/E-2"),
        Call(.post, "/{slug}/tips/{tip_id}/acknowledge", "/alpha/tips/T-1/acknowledge", #"{"on": "2026-11-21"}"#),
        Call(.post, "/{slug}/tips/{tip_id}/investigate", "/alpha/tips/T-1/investigate", #"{"on": "2026-11-22"}"#),
        Call(.post, "/{slug}/tips/{tip_id}/respond", "/alpha/tips/T-1/respond",
             #"{"on": "2026-11-24", "steps": "Reviewed the I-9s named", "answer": "We reviewed the forms named."}"#),
        Call(.post, "/{slug}/tips/{tip_id}/close", "/alpha/tips/T-1/close", #"{"on": "2026-11-25"}"#),
        Call(.get, "/{slug}/tips", "/alpha/tips?limit=1"),
        Call(.post, "/{slug}/nomatch-letters", nil, #"{"letter_id": "L-1", "received_on": "2026-11-20", "employee_id": "E-1", "source": "ssa"}"#),
        Call(.post, "/{slug}/nomatch-letters/{letter_id}/resolve", "/alpha/nomatch-letters/L-1/resolve",
             #"{"on": "2026-11-27", "resolution": "The SSA record was corrected", "evidence": "HR file L-1", "steps": "Met the employee"}"#),
        Call(.post, "/{slug}/self-reports", nil, """
            {"report_id": "SR-1", "discovered_on": "2026-11-20", "source": "nomatch", "source_ref": "L-1",
             "description": "A Section 2 was late", "follow_up_on": "2026-12-20"}
            """),
        Call(.post, "/{slug}/self-reports/{report_id}/correct", "/alpha/self-reports/SR-1/correct", #"{"on": "2026-11-28", "action": "Retrained the preparer"}"#),
        Call(.post, "/{slug}/self-reports/{report_id}/report", "/alpha/self-reports/SR-1/report", #"{"on": "2026-11-29"}"#),
        Call(.post, "/{slug}/audits", nil, #"{"year": 2025, "from": "2025-01-01", "to": "2025-12-31", "firm": "Acme Audit LLP", "on": "2026-01-15"}"#),
        Call(.post, "/{slug}/audits/{year}/complete", "/alpha/audits/2025/complete", #"{"on": "2026-02-01", "findings": "No exceptions"}"#),
        Call(.post, "/{slug}/reports/{year}/submit", "/alpha/reports/2025/submit", #"{"on": "2026-03-01", "reference": "ICE-2025"}"#),
        Call(.post, "/{slug}/policies/{policy_id}/review", "/alpha/policies/POL-1/review", #"{"kind": "hiring", "title": "Hiring policy", "on": "2026-01-10"}"#),
        Call(.post, "/{slug}/curricula", nil, #"{"version": "2026.1", "on": "2026-01-05"}"#),
        Call(.post, "/{slug}/network/companies", nil, """
            {"company_id": "NC-1", "name": "Beta Staffing", "contact_name": "Lee Park", "contact_email": "lee@beta.example", "joined_on": "2026-01-02"}
            """),
        Call(.post, "/{slug}/network/companies/{company_id}/communicated", "/alpha/network/companies/NC-1/communicated",
             #"{"on": "2026-02-01", "channel": "email", "reference": "IMAGE guidelines 2026"}"#),
        Call(.get, "/{slug}/nomatch-letters"), Call(.get, "/{slug}/self-reports", "/alpha/self-reports?limit=1"),
        Call(.get, "/{slug}/audits"), Call(.get, "/{slug}/network/companies"),
        Call(.post, "/{slug}/closures", nil, #"{"day": "2026-12-24", "note": "Christmas Eve", "remove": false}"#),
        Call(.put, "/{slug}/settings", nil, "{}"),
    ]

    static func document() throws -> [String: Any] {
        let path = try TestEnvironment.repository() + "/docs/openapi.json"
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `METHOD /path/{param}` of every documented operation.
    static func documentedRoutes(_ document: [String: Any]) -> Set<String> {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return Set(paths.flatMap { path, operations in
            operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { "\($0.uppercased()) \(path)" }
        })
    }

    @Test func everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsRegistered() async throws {
        try await APIFixture.with { fixture in
            let document = try Self.document()
            let registered = Set(fixture.router().routes.map { "\($0.method) \($0.path)" }.filter { $0.contains(" /api/v1") })
            let documented = Self.documentedRoutes(document)
            #expect(registered.count >= 40)
            #expect(registered.subtracting(documented).isEmpty, "registered but not documented: \(registered.subtracting(documented).sorted())")
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
            #expect(Set(Self.calls.map(\.route)) == registered, "routes without a call in this test: \(registered.subtracting(Self.calls.map(\.route)))")
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            for route in documented {
                let (method, path) = (String(route.split(separator: " ")[0]).lowercased(), String(route.split(separator: " ")[1]))
                let operation = paths[path]?[method] as? [String: Any] ?? [:]
                let declared = Set((operation["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "path" }
                    .compactMap { $0["name"] as? String })
                let inTemplate = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                #expect(declared == inTemplate, "\(route): path parameters \(declared) do not match the template")
            }
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            #expect(((document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any])?["bearerAuth"] != nil)
        }
    }

    @Test func everyRouteAnswersADocumentedStatusWithADocumentedBody() async throws {
        try await APIFixture.with { fixture in
            let checker = JSONSchemaChecker(document: try Self.document())
            try await fixture.withClient { client in
                func check(_ call: Call, token: String?, uri: String? = nil, body: String? = nil, expect status: HTTPResponse.Status) async throws {
                    let response = try await client.execute(uri: uri ?? call.uri, method: call.method, headers: APIFixture.headers(token),
                                                            body: (body ?? call.body).map(APIFixture.body))
                    let answer = String(buffer: response.body)
                    #expect(response.status == status, "\(call.route) \(uri ?? call.uri): \(response.status) \(answer)")
                    for problem in Self.problems(response, route: call, checker: checker) {
                        Issue.record("\(call.route) → \(response.status.code): \(problem)")
                    }
                }
                for call in Self.calls {
                    try await check(call, token: fixture.alphaToken, expect: .ok)
                }
                for call in Self.calls {
                    try await check(call, token: nil, expect: .unauthorized)
                    if call.template.contains("{slug}") {
                        let other = call.uri.replacingOccurrences(of: "/tenants/alpha", with: "/tenants/bravo")
                        try await check(call, token: fixture.alphaToken, uri: other, expect: .notFound)
                    }
                    if call.method == .post || call.method == .put {
                        try await check(call, token: fixture.alphaReadOnlyToken, expect: .forbidden)
                        try await check(call, token: fixture.alphaToken, body: #"{"unexpected": 1}"#, expect: .unprocessableContent)
                        try await check(call, token: fixture.alphaToken, body: "[", expect: .badRequest)
                        let big = #"{"name": "\#(String(repeating: "x", count: 20_000))"}"#
                        try await check(call, token: fixture.alphaToken, body: big, expect: .contentTooLarge)
                    } else if ["/people", "/hires", "/obligations", "/deliveries", "/tips", "/nomatch-letters", "/self-reports", "/network/companies"].contains(where: call.template.hasSuffix) {
                        try await check(call, token: fixture.alphaToken, uri: call.uri.split(separator: "?")[0] + "?limit=0", expect: .badRequest)
                    }
                }
            }
        }
    }

    @Test func theSchemaCheckerFindsWhatDrifted() throws {
        let checker = JSONSchemaChecker(document: try Self.document())
        let tip: [String: Any] = ["tip_id": "T-1", "received_on": "2026-11-20", "channel": "phone", "anonymous": true, "status": "received",
                                   "language": "en", "public_answer": ""]
        let tipSchema: [String: Any] = ["$ref": "#/components/schemas/Tip"]
        #expect(checker.problems(tip, tipSchema).isEmpty)
        var drifted = tip
        drifted["text"] = "what the tip says"
        drifted["status"] = "lost"
        drifted["anonymous"] = 1
        drifted["received_on"] = "20/11/2026"
        drifted.removeValue(forKey: "channel")
        let problems = checker.problems(drifted, tipSchema)
        for expected in ["text is not documented", "lost", "anonymous", "is not a date", "channel is missing"] {
            #expect(problems.contains { $0.contains(expected) }, "\(expected) not found in \(problems)")
        }
    }

    /// Why `response` does not match the document: an undocumented status, or a body
    /// that does not conform to the documented schema.
    static func problems(_ response: TestResponse, route: Call, checker: JSONSchemaChecker) -> [String] {
        let paths = checker.document["paths"] as? [String: [String: Any]] ?? [:]
        let operation = paths[route.template]?[route.method.rawValue.lowercased()] as? [String: Any]
        guard let responses = operation?["responses"] as? [String: Any] else { return ["the operation is not documented"] }
        guard let documented = responses[String(response.status.code)] as? [String: Any] else {
            return ["status \(response.status.code) is not documented (documented: \(responses.keys.sorted()))"]
        }
        guard let schema = ((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any] else {
            return response.body.readableBytes == 0 ? [] : ["a body is sent but none is documented"]
        }
        guard response.headers[.contentType]?.hasPrefix("application/json") == true,
              let body = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView), options: [.fragmentsAllowed]) else {
            return ["the body is not JSON"]
        }
        return checker.problems(body, schema)
    }
}
