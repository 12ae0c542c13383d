import Compliance
import Foundation
import Mailer
@testable import Storage
import Testing
@testable import Daemon

/// With `ATTEST_CONSOLE_URL`, each task of a reminder links to its page in the
/// operators' console; without it, no link (issue 16, item 5).
@Suite struct ConsoleLinksTests {
    let links = ConsoleLinks(base: "https://attest.agency.example/")
    static let tenant = Tenant(id: UUID(), slug: "acme", legalName: "Acme Foods LLC", timeZone: "America/Chicago", imageAgreementDate: nil,
                               sendHour: 8, disabledAt: nil, createdAt: Date(), contacts: [], daemonRoles: [])

    @Test func eachTaskLinksToTheConsolePageWhereItIsRecorded() {
        let cases: [(String, String, String, String)] = [
            ("i9_section2", "hire/E 1", "once", "/tenants/acme/hires/E%201"),
            ("tip_respond", "tip/web-abc", "once", "/tenants/acme/tips/web-abc"),
            ("everify_case_closure", "everify_case/C-1", "once", "/tenants/acme/everify"),
            ("training_renewal", "person/P-1", "2026-01-12", "/tenants/acme/people"),
            ("nomatch_resolve", "nomatch_letter/L-1", "once", "/tenants/acme/nomatch"),
            ("audit_annual", "tenant/tenant", "2026", "/tenants/acme/audits"),
            ("report_annual", "tenant/tenant", "2026", "/tenants/acme/report?year=2026"),
            ("policy_review", "policy/anti-discrimination", "2026-01-01", "/tenants/acme/policies"),
        ]
        for (kind, subject, cycle, path) in cases {
            #expect(links.link(kind: kind, subject: subject, cycle: cycle, tenant: "acme") == "https://attest.agency.example" + path, "\(kind)")
        }
    }

    @Test func theEmailCarriesTheLinkOnlyWhenTheConsoleAddressIsSet() throws {
        let item = DeliveryItem(reminderID: UUID(), obligationID: UUID(), kind: "i9_section2", subject: "hire/E-1",
                                dueOn: try CivilDate(iso: "2026-12-08"), stage: "due", reason: "assigned preparer of this hire's Form I-9")
        let delivery = ClaimedDelivery(id: UUID(), key: "k", recipient: "pat@acme.example", messageID: "<k@attest.invalid>", attempt: 1,
                                       createdAt: Date())
        let sender = try MailAddress("attest@agency.example")
        let linked = try DeliveryComposer(templates: try TemplateSet.shipped(), sender: sender, links: links)
            .message(for: delivery, items: [item], tenant: Self.tenant, today: try CivilDate(iso: "2026-12-08"))
        #expect(linked.text.contains("Open:   https://attest.agency.example/tenants/acme/hires/E-1"))
        #expect(linked.html?.contains(#"<a href="https://attest.agency.example/tenants/acme/hires/E-1">"#) == true)
        #expect(linked.text.contains("Why you: assigned preparer of this hire's Form I-9"))
        let plain = try DeliveryComposer(templates: try TemplateSet.shipped(), sender: sender)
            .message(for: delivery, items: [item], tenant: Self.tenant, today: try CivilDate(iso: "2026-12-08"))
        #expect(!plain.text.contains("Open:") && !(plain.html ?? "").contains("<a href"))
    }

    @Test func theConsoleAddressIsCheckedAtStartUp() async throws {
        let configured = try await AttestConfiguration.load(environment: ["ATTEST_CONSOLE_URL": "https://attest.agency.example/"])
        #expect(configured.consoleURL == "https://attest.agency.example")
        for bad in ["attest.agency.example", "ftp://attest.agency.example", "https://attest.agency.example/?x=1", "https://"] {
            await #expect(throws: ConfigurationError.self, "\(bad)") {
                _ = try await AttestConfiguration.load(environment: ["ATTEST_CONSOLE_URL": bad])
            }
        }
    }
}
