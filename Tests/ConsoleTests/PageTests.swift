import Foundation
import Storage
import Testing

@testable import Console
@testable import WebCommon

/// The pages' markup without a database: escaping, the overview's sorting, filtering,
/// totals and stale daemons.
@Suite struct PageTests {
    private let session = ConsoleSession(idHash: [], accountID: UUID(), email: "a@agency.example", name: "Ada <Admin>", role: .admin,
                                         stage: .signedIn, formToken: "tok", enrollingSecret: nil, hasSecondFactor: true,
                                         passwordIsTemporary: false)

    private func status(_ slug: String, _ name: String, overdue: Int, failed: Int = 0, pass: Date?) -> TenantStatus {
        TenantStatus(tenant: slug, legalName: name, open: overdue + 1, dueWithin7Days: 1, overdue: overdue, failedDeliveries: failed,
                     tipsAwaitingAcknowledgement: 0, lastSchedulerPass: pass)
    }

    @Test func textIsEscapedEvenWhereACombiningMarkFollowsAQuote() {
        let html: HTML = "<p title=\"\("\"\u{301} onmouseover=alert(1)")\">\("<script>")</p>"
        #expect(!html.markup.contains("<script>") && !html.markup.contains("\"\u{301}"))
        #expect(html.markup.contains("&quot;\u{301}") && html.markup.contains("&lt;script&gt;"))
    }

    @Test func multipartBodiesAreReadPartByPartAndMalformedOnesRefused() throws {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nhires\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + "employee_id,start_date\r\n\"E,1\",2026-11-30\r\n\r\n--XyZ--\r\n"
        let form = try #require(MultipartForm(contentType: "multipart/form-data; boundary=\"XyZ\"", body: Array(body.utf8)))
        #expect(form["kind"]?.text == "hires" && form["kind"]?.fileName == nil)
        #expect(form["file"]?.fileName == "a b.csv")
        #expect(form["file"]?.text == "employee_id,start_date\r\n\"E,1\",2026-11-30\r\n", "the file's own line breaks are kept")
        #expect(form["missing"] == nil)
        #expect(MultipartForm(contentType: "application/x-www-form-urlencoded", body: Array(body.utf8)) == nil)
        #expect(MultipartForm(contentType: "multipart/form-data; boundary=XyZ", body: Array("--XyZ\r\nno headers end".utf8)) == nil)
        #expect(MultipartForm(contentType: "multipart/form-data", body: Array(body.utf8)) == nil, "no boundary")
    }

    @Test func problemCellsCannotBecomeSpreadsheetFormulas() {
        #expect(ImportController.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ImportController.csvField("-5") == "'-5" && ImportController.csvField("plain, text") == "\"plain, text\"")
    }

    @Test func theOverviewSortsFiltersAndFlagsStaleDaemons() {
        let now = Date()
        let rows = [status("bravo", "Bravo & Co", overdue: 1, pass: now), status("alpha", "Alpha", overdue: 5, failed: 2, pass: now - 3_600),
                    status("charlie", "Charlie", overdue: 0, pass: nil)]
        let worstFirst = OverviewPage(rows: rows, query: .init(filter: nil, sort: "overdue", direction: nil), now: now).render(session: session).markup
        #expect(worstFirst.range(of: "/tenants/alpha")!.lowerBound < worstFirst.range(of: "/tenants/bravo")!.lowerBound)
        #expect(worstFirst.contains("Bravo &amp; Co") && worstFirst.contains("Ada &lt;Admin&gt;"))
        #expect(worstFirst.contains("aria-sort=\"descending\""))
        #expect(worstFirst.contains("<strong class=\"bad\">2</strong>Daemons not passing"), "alpha (an hour) and charlie (never) are not passing")
        let byName = OverviewPage(rows: rows, query: .init(filter: nil, sort: "tenant", direction: "asc"), now: now).render(session: session).markup
        #expect(byName.range(of: "/tenants/alpha")!.lowerBound < byName.range(of: "/tenants/bravo")!.lowerBound
                && byName.range(of: "/tenants/bravo")!.lowerBound < byName.range(of: "/tenants/charlie")!.lowerBound)
        let filtered = OverviewPage(rows: rows, query: .init(filter: "brav", sort: nil, direction: nil), now: now).render(session: session).markup
        #expect(filtered.contains("/tenants/bravo") && !filtered.contains("/tenants/alpha") && filtered.contains("1 of 3 clients"))
        let none = OverviewPage(rows: rows, query: .init(filter: "zzz", sort: nil, direction: nil), now: now).render(session: session).markup
        #expect(none.contains("No client matches the filter."))
    }
}
