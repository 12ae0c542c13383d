import Foundation
import WebCommon

/// Links from a reminder's tasks to their pages in the operators' console
/// (`ATTEST_CONSOLE_URL`): a hire's or a tip's own page, else the list or page where the
/// task is recorded.
struct ConsoleLinks: Sendable {
    /// The console's public address, without a trailing slash.
    let base: String

    init(base: String) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    /// The page of an obligation of `kind` about `subject` (`hire/E-1`) in `cycle`.
    func link(kind: String, subject: String, cycle: String, tenant slug: String) -> String {
        let parts = subject.split(separator: "/", maxSplits: 1).map(String.init)
        let tenant = "\(base)/tenants/\(Path.segment(slug))"
        guard parts.count == 2 else { return tenant }
        switch parts[0] {
        case "hire": return "\(tenant)/hires/\(Path.segment(parts[1]))"
        case "tip": return "\(tenant)/tips/\(Path.segment(parts[1]))"
        case "everify_case": return "\(tenant)/everify"
        case "person", "training_program": return "\(tenant)/people"
        case "nomatch_letter": return "\(tenant)/nomatch"
        case "policy": return "\(tenant)/policies"
        case "self_report": return "\(tenant)/self-reports"
        case "network_company": return "\(tenant)/network"
        default: return tenantWork(kind: kind, cycle: cycle, tenant: tenant)
        }
    }

    /// The tenant's own work: the audits list, the annual report of its year, else the
    /// tenant's page.
    private func tenantWork(kind: String, cycle: String, tenant: String) -> String {
        switch kind {
        case "audit_annual": "\(tenant)/audits"
        case "report_annual" where Int(cycle) != nil: "\(tenant)/report?year=\(cycle)"
        default: tenant
        }
    }
}
