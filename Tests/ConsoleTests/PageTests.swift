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
