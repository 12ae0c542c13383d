import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Storage
import TestSupport
import Testing

/// CSV upload: a preview that saves nothing, every problem of a file in one table (and
/// as CSV), an import that saves all, a size limit, and no way into another tenant's
/// records or another session's upload.
@Suite struct ImportUploadTests {
    static let goodHires = "employee_id,start_date,section2_completed_on,section2_preparer\r\nE-100,2026-11-30,2026-12-01,P-1\r\nE-101,2026-11-30,,\r\n"
    static let badHires = "employee_id,start_date,section2_completed_on,section2_preparer\nE-200,2026-02-30,,\nE-201,2026-11-30,2026-12-01,P-404\nbad id!,2026-11-30,,\n"

    @Test func aPreviewSavesNothingAndTheImportSavesEveryRow() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let form = try await manager.get("/tenants/alpha/import")
                #expect(form.status == .ok && form.body.contains("enctype=\"multipart/form-data\""))
                let token = try #require(form.formToken)
                let preview = try await Self.upload(&manager, to: "/tenants/alpha/import", kind: "hires", file: "hires.csv", content: Self.goodHires, token: token)
                #expect(preview.status == .ok && preview.body.contains("Import 2 rows"), "\(preview.status) \(preview.body.suffix(800))")
                #expect(preview.body.contains("<dt>Obligations added</dt><dd>"))
                #expect(try await Self.hireCount(fixture) == "0", "the preview saved hires")
                let action = try #require(preview.value(after: "id=\"import-form\" method=\"post\" action=\""))
                let imported = try await manager.post(action, ["form_token": token])
                #expect(imported.status == .ok && imported.body.contains("The 2 rows were saved."), "\(imported.body.suffix(600))")
                #expect(try await Self.hireCount(fixture) == "2")
                let again = try await manager.post(action, ["form_token": token])
                #expect(again.status == .conflict, "an imported upload is kept")
            }
        }
    }

    @Test func everyProblemOfAFileIsListedAndDownloadableAndNothingIsSaved() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await admin.get("/tenants/alpha/import").formToken)
                let page = try await Self.upload(&admin, to: "/tenants/alpha/import", kind: "hires", file: "hr-export.csv", content: Self.badHires, token: token)
                #expect(page.status == .unprocessableContent && page.body.contains("cannot be imported"))
                for cell in ["<td>2</td><td>start_date</td>", "<td>3</td><td>section2_preparer</td>", "<td>4</td><td>employee_id</td>"] {
                    #expect(page.body.contains(cell), "the problem table has no row \(cell): \(page.body.suffix(1_500))")
                }
                let link = try #require(page.value(after: "<p><a href=\""))
                #expect(link.hasSuffix("/problems.csv"))
                let csv = try await admin.get(link)
                #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(csv.body.hasPrefix("line,column,problem\r\n2,start_date,") && csv.body.contains("\r\n4,employee_id,"), "\(csv.body)")
            }
            #expect(try await Self.hireCount(fixture) == "0")
        }
    }

    @Test func aFileOverTheLimitAForgedPostAndAnotherTenantAreRefused() async throws {
        try await ConsoleFixture.with { fixture in
            let uploaded = try await fixture.withClient(settings: ConsoleSettings(uploadLimit: 1_024)) { client -> String in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await manager.get("/tenants/alpha/import").formToken)
                let big = "employee_id,start_date\n" + String(repeating: "E-1,2026-11-30\n", count: 200)
                let tooLarge = try await Self.upload(&manager, to: "/tenants/alpha/import", kind: "hires", file: "big.csv", content: big, token: token)
                #expect(tooLarge.status == .contentTooLarge && tooLarge.body.contains("larger than 1 KiB"))
                let forged = try await Self.upload(&manager, to: "/tenants/alpha/import", kind: "hires", file: "h.csv", content: Self.goodHires, token: token,
                                                   headers: [.origin: "https://evil.example"])
                #expect(forged.status == .forbidden)
                let other = try await Self.upload(&manager, to: "/tenants/bravo/import", kind: "hires", file: "h.csv", content: Self.goodHires, token: token)
                #expect(other.status == .notFound)
                let preview = try await Self.upload(&manager, to: "/tenants/alpha/import", kind: "hires", file: "h.csv", content: Self.goodHires, token: token)
                return try #require(preview.value(after: "id=\"import-form\" method=\"post\" action=\""))
            }
            try await fixture.withClient { client in
                var admin = ConsoleBrowser(client)
                _ = try await admin.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await admin.get("/").formToken)
                #expect(try await admin.post(uploaded, ["form_token": token]).status == .conflict, "another session imported the manager's upload")
            }
            #expect(try await Self.hireCount(fixture) == "0")
        }
    }

    /// A large file's check and import are pages written as they go: "working" first,
    /// then the result, with the same outcomes as a small file's.
    @Test func aLargeFilesPagesSayTheyAreWorkingThenShowTheResult() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient(settings: ConsoleSettings(streamUploadsFrom: 1)) { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await manager.get("/tenants/alpha/import").formToken)
                let refused = try await Self.upload(&manager, to: "/tenants/alpha/import", kind: "hires", file: "bad.csv", content: Self.badHires, token: token)
                let working = try #require(refused.body.range(of: "Checking the 3 rows of bad.csv"))
                let table = try #require(refused.body.range(of: "<table id=\"problems\""), "\(refused.body.suffix(800))")
                #expect(working.lowerBound < table.lowerBound && refused.body.hasSuffix("</main>\n</body></html>\n"))
                let preview = try await Self.upload(&manager, to: "/tenants/alpha/import", kind: "hires", file: "hires.csv", content: Self.goodHires, token: token)
                #expect(preview.body.contains("Checking the 2 rows of hires.csv") && preview.body.contains("Import 2 rows"))
                #expect(try await Self.hireCount(fixture) == "0", "the streamed preview saved hires")
                let action = try #require(preview.value(after: "id=\"import-form\" method=\"post\" action=\""))
                let imported = try await manager.post(action, ["form_token": token])
                #expect(imported.body.contains("Importing the 2 rows of hires.csv") && imported.body.contains("The 2 rows were saved."))
            }
            #expect(try await Self.hireCount(fixture) == "2")
        }
    }

    /// Through a real HTTP server, a file past the streaming size (300 hires, 6.5 KiB,
    /// over the 4 KiB set here) is checked and imported on pages sent in chunks, the
    /// "working" line before the result. (HummingbirdTesting's live client gives a request
    /// 20 s, so the file is small; deploy/bench-console-upload.sh sends 100,000 rows.)
    @Test func aLargeFileIsCheckedAndImportedOverRealHTTPInChunks() async throws {
        let rows = (1...300).map { String(format: "E-%05d,2026-11-30,,", $0) }
        let content = "employee_id,start_date,section2_completed_on,section2_preparer\r\n" + rows.joined(separator: "\r\n") + "\r\n"
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient(settings: ConsoleSettings(streamUploadsFrom: 4 * 1_024), mode: .live) { client in
                var manager = ConsoleBrowser(client)
                _ = try await manager.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(try await manager.get("/tenants/alpha/import").formToken)
                let preview = try await Self.upload(&manager, to: "/tenants/alpha/import", kind: "hires", file: "big.csv", content: content, token: token)
                #expect(preview.headers[.transferEncoding] == "chunked" && preview.headers[.contentLength] == nil)
                let working = try #require(preview.body.range(of: "Checking the 300 rows of big.csv"), "\(preview.body.prefix(800))")
                let offer = try #require(preview.body.range(of: "Import 300 rows"), "\(preview.body.suffix(800))")
                #expect(working.lowerBound < offer.lowerBound)
                let action = try #require(preview.value(after: "id=\"import-form\" method=\"post\" action=\""))
                let imported = try await manager.post(action, ["form_token": token])
                #expect(imported.headers[.transferEncoding] == "chunked")
                #expect(imported.body.contains("Importing the 300 rows of big.csv") && imported.body.contains("The 300 rows were saved."),
                        "\(imported.body.suffix(600))")
            }
            #expect(try await Self.hireCount(fixture) == "300")
        }
    }

    /// Posts a multipart form as a browser does.
    static func upload(_ browser: inout ConsoleBrowser, to path: String, kind: String, file: String, content: String, token: String,
                       headers: HTTPFields = [:]) async throws -> ConsoleBrowser.Page {
        let boundary = "----attest\(UUID().uuidString)"
        var body = ""
        for (name, value) in [("form_token", token), ("kind", kind)] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file)\"\r\nContent-Type: text/csv\r\n\r\n\(content)\r\n"
        body += "--\(boundary)--\r\n"
        var headers = headers
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await browser.send(path, method: .post, headers: headers, body: body)
    }

    private static func hireCount(_ fixture: ConsoleFixture) async throws -> String? {
        let rows = try await fixture.operators.client.query("""
            SELECT count(*)::text FROM attest.hires WHERE tenant_id = \(fixture.alpha.id) AND external_id NOT IN ('E-1', 'H-alpha')
            """, logger: TestDatabase.logger)
        for try await count in rows.decode(String.self) { return count }
        return nil
    }
}
