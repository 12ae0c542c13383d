import Foundation
import Hummingbird
import Storage
import WebCommon

/// The home page: one row per visible tenant with its counts and its daemon's last
/// pass, totals on top, sortable by every column (links, so it works without
/// JavaScript) and filterable by name.
struct OverviewPage {
    /// A sortable column.
    enum Column: String, CaseIterable, Sendable {
        case tenant, open, due, overdue, failed, tips, pass

        var title: String {
            switch self {
            case .tenant: "Client"
            case .open: "Open"
            case .due: "Due within 7 days"
            case .overdue: "Overdue"
            case .failed: "Failed deliveries"
            case .tips: "Tips awaiting acknowledgement"
            case .pass: "Last scheduler pass"
            }
        }

        /// Numbers sort worst first; names and the last pass (oldest first) ascending.
        var descendingByDefault: Bool { ![.tenant, .pass].contains(self) }
    }

    /// What the address asks for: `?q=…&sort=…&dir=asc|desc`.
    struct Query: Sendable {
        var filter = ""
        var sort = Column.overdue
        var descending = true

        init(filter: String?, sort: String?, direction: String?) {
            self.filter = filter?.trimmingCharacters(in: .whitespaces) ?? ""
            self.sort = sort.flatMap(Column.init(rawValue:)) ?? .overdue
            descending = direction.map { $0 == "desc" } ?? self.sort.descendingByDefault
        }
    }

    /// A daemon whose last pass is older than this is shown as not passing (a daemon
    /// passes at least every five minutes).
    static let staleAfter: TimeInterval = 11 * 60

    let rows: [TenantStatus]
    let query: Query
    let now: Date

    func render(session: ConsoleSession) -> HTML {
        let shown = sorted(rows.filter(matches))
        let body: HTML = """
            <h1>Clients</h1>
            \(totals(shown))
            <form method="get" action="/" role="search"><label for="q">Filter by name</label>
            <input type="search" id="q" name="q" value="\(query.filter)">
            <input type="hidden" name="sort" value="\(query.sort.rawValue)">
            <input type="hidden" name="dir" value="\(query.descending ? "desc" : "asc")">
            <button type="submit">Filter</button></form>
            \(shown.isEmpty ? emptyNote : table(shown))
            """
        return Layout.page(title: "Overview", session: session, body: body)
    }

    private var emptyNote: HTML {
        rows.isEmpty ? "<p class=\"empty\">No client is visible to this account.</p>" : "<p class=\"empty\">No client matches the filter.</p>"
    }

    private func matches(_ row: TenantStatus) -> Bool {
        query.filter.isEmpty || row.legalName.localizedCaseInsensitiveContains(query.filter)
            || row.tenant.localizedCaseInsensitiveContains(query.filter)
    }

    private func sorted(_ rows: [TenantStatus]) -> [TenantStatus] {
        rows.sorted { a, b in
            let order: Bool? = switch query.sort {
            case .tenant: a.legalName.localizedCaseInsensitiveCompare(b.legalName) == .orderedSame ? nil
                : a.legalName.localizedCaseInsensitiveCompare(b.legalName) == .orderedAscending
            case .open: a.open == b.open ? nil : a.open < b.open
            case .due: a.dueWithin7Days == b.dueWithin7Days ? nil : a.dueWithin7Days < b.dueWithin7Days
            case .overdue: a.overdue == b.overdue ? nil : a.overdue < b.overdue
            case .failed: a.failedDeliveries == b.failedDeliveries ? nil : a.failedDeliveries < b.failedDeliveries
            case .tips: a.tipsAwaitingAcknowledgement == b.tipsAwaitingAcknowledgement ? nil
                : a.tipsAwaitingAcknowledgement < b.tipsAwaitingAcknowledgement
            case .pass: a.lastSchedulerPass == b.lastSchedulerPass ? nil
                : (a.lastSchedulerPass ?? .distantPast) < (b.lastSchedulerPass ?? .distantPast)
            }
            guard let order else { return a.tenant < b.tenant }
            return query.descending ? !order : order
        }
    }

    private func totals(_ rows: [TenantStatus]) -> HTML {
        let stale = rows.filter { isStale($0.lastSchedulerPass) }.count
        let items: [(String, Int, Bool)] = [
            ("Clients", rows.count, false), ("Open obligations", rows.reduce(0) { $0 + $1.open }, false),
            ("Due within 7 days", rows.reduce(0) { $0 + $1.dueWithin7Days }, false),
            ("Overdue", rows.reduce(0) { $0 + $1.overdue }, true), ("Failed deliveries", rows.reduce(0) { $0 + $1.failedDeliveries }, true),
            ("Tips awaiting acknowledgement", rows.reduce(0) { $0 + $1.tipsAwaitingAcknowledgement }, true),
            ("Daemons not passing", stale, true),
        ]
        let cells = items.map { label, value, alarming -> HTML in
            "<li><strong class=\"\(alarming && value > 0 ? "bad" : "")\">\(value)</strong>\(label)</li>"
        }
        return "<ul class=\"totals\" aria-label=\"Totals\">\(cells)</ul>"
    }

    private func table(_ rows: [TenantStatus]) -> HTML {
        let heads = HTML(joining: Column.allCases.map(header))
        let body = HTML(joining: rows.map(row))
        return "<table id=\"overview\"><caption>\(rows.count) of \(self.rows.count) clients</caption><thead><tr>\(heads)</tr></thead><tbody>\(body)</tbody></table>"
    }

    private func header(_ column: Column) -> HTML {
        let active = column == query.sort
        let descending = active ? !query.descending : column.descendingByDefault
        var parameters = "sort=\(column.rawValue)&dir=\(descending ? "desc" : "asc")"
        if !query.filter.isEmpty {
            parameters += "&q=" + (query.filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }
        let sortState: HTML = active ? " aria-sort=\"\(query.descending ? "descending" : "ascending")\"" : ""
        let numeric: HTML = column == .tenant || column == .pass ? "" : " class=\"n\""
        return "<th scope=\"col\"\(numeric)\(sortState)><a id=\"sort-\(column.rawValue)\" href=\"/?\(parameters)\">\(column.title)</a></th>"
    }

    private func row(_ status: TenantStatus) -> HTML {
        func number(_ value: Int, alarming: Bool) -> HTML {
            "<td class=\"n\"><span class=\"\(alarming && value > 0 ? "bad" : "")\">\(value)</span></td>"
        }
        return """
            <tr><th scope="row"><a href="/tenants/\(status.tenant)">\(status.legalName)</a> <span class="hint">\(status.tenant)</span></th>\
            \(number(status.open, alarming: false))\(number(status.dueWithin7Days, alarming: false))\
            \(number(status.overdue, alarming: true))\(number(status.failedDeliveries, alarming: true))\
            \(number(status.tipsAwaitingAcknowledgement, alarming: true))<td>\(lastPass(status.lastSchedulerPass))</td></tr>
            """
    }

    private func isStale(_ pass: Date?) -> Bool {
        guard let pass else { return true }
        return now.timeIntervalSince(pass) > Self.staleAfter
    }

    private func lastPass(_ pass: Date?) -> HTML {
        guard let pass else { return "<span class=\"bad\">never</span>" }
        let text = Ago.describe(now.timeIntervalSince(pass))
        return isStale(pass) ? "<span class=\"bad\">\(text) (not passing)</span>" : "<span class=\"ok\">\(text)</span>"
    }
}

/// "3 minutes ago" and the like.
enum Ago {
    static func describe(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        switch seconds {
        case ..<60: return "just now"
        case ..<3_600: return plural(seconds / 60, "minute") + " ago"
        case ..<172_800: return plural(seconds / 3_600, "hour") + " ago"
        default: return plural(seconds / 86_400, "day") + " ago"
        }
    }

    private static func plural(_ n: Int, _ unit: String) -> String { "\(n) \(unit)\(n == 1 ? "" : "s")" }
}
