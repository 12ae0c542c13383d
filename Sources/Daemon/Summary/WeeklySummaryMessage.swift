import Compliance
import Foundation
import Mailer
import Storage
import WebCommon

/// The weekly summary e-mail to one operator: per tenant they are a contact of, the
/// overdue work, what is due within the week, failed deliveries, and whether its daemon
/// has passed in the last hour; the tenants needing attention first.
struct WeeklySummaryMessage {
    /// A daemon that has not passed for this long is reported.
    static let stalePass: TimeInterval = 3_600

    let statuses: [TenantStatus]
    let week: CivilDate
    let now: Date

    var subject: String {
        let overdue = statuses.reduce(0) { $0 + $1.overdue }
        return "Attest weekly summary, week of \(week): \(statuses.count) client\(statuses.count == 1 ? "" : "s"), \(overdue) overdue"
    }

    /// Whether the tenant's daemon has not passed in the last hour (or ever).
    func isStale(_ status: TenantStatus) -> Bool {
        status.lastSchedulerPass.map { now.timeIntervalSince($0) > Self.stalePass } ?? true
    }

    var text: String {
        var lines = ["Your clients in Attest, week of \(week):", ""]
        for status in statuses {
            lines.append("\(status.legalName) (\(status.tenant))")
            lines.append("  Overdue: \(status.overdue)   Due this week: \(status.dueWithin7Days)   Failed deliveries: \(status.failedDeliveries)")
            if isStale(status) { lines.append("  No scheduler pass in the last hour: check its daemon.") }
            lines.append("")
        }
        lines.append("This summary is sent every Monday by Attest to the agency's operator contacts of these clients.")
        return lines.joined(separator: "\n") + "\n"
    }

    var html: String {
        var rows = ""
        for status in statuses {
            let name = HTML(escaping: "\(status.legalName) (\(status.tenant))").markup
            let stale = isStale(status) ? "<br><strong>No scheduler pass in the last hour: check its daemon.</strong>" : ""
            rows += "<tr><td>\(name)\(stale)</td><td>\(status.overdue)</td><td>\(status.dueWithin7Days)</td><td>\(status.failedDeliveries)</td></tr>\n"
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"></head>
            <body style="font-family:sans-serif;max-width:48em">
            <p>Your clients in Attest, week of \(week):</p>
            <table style="border-collapse:collapse">
            <tr><th>Client</th><th>Overdue</th><th>Due this week</th><th>Failed deliveries</th></tr>
            \(rows)</table>
            <p><small>This summary is sent every Monday by Attest to the agency's operator contacts of these clients.</small></p>
            </body></html>

            """
    }

    /// The statuses in the order the summary lists them: the most failed deliveries,
    /// then the most overdue, then by slug.
    static func ordered(_ statuses: [TenantStatus]) -> [TenantStatus] {
        statuses.sorted { ($1.failedDeliveries, $1.overdue, $0.tenant) < ($0.failedDeliveries, $0.overdue, $1.tenant) }
    }
}
