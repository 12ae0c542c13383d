import Foundation
import Logging
import Mailer
import Testing
@testable import Daemon

/// Which transport and sender each tenant gets from the configuration, and the start-up
/// refusals that name the per-tenant key at fault. (No connection opens: SMTP transports
/// connect on their first send.)
@Suite struct MailDirectoryTests {
    private static let processWide = [
        "ATTEST_SMTP_URL": "smtp://127.0.0.1:2525?tls=none", "ATTEST_MAIL_FROM": "Attest <attest@agency.example>",
    ]

    private func directory(_ environment: [String: String], selection: TenantSelection = .slugs(["acme", "beta"]),
                           hosted: [String] = ["acme", "beta"]) async throws -> MailDirectory {
        let configuration = try await AttestConfiguration.load(environment: environment)
        return try MailDirectory(configuration: configuration, selection: selection, hosted: hosted, logger: Logger(label: "test"))
    }

    private func refusal(_ environment: [String: String], selection: TenantSelection = .slugs(["acme", "beta"])) async -> ConfigurationError? {
        await #expect(throws: ConfigurationError.self) { try await directory(environment, selection: selection) }
    }

    private static func smtp(_ setup: MailSetup?) -> SMTPTransport? { setup?.transport as? SMTPTransport }

    @Test func aTenantWithoutSettingsUsesTheProcessWideSetup() async throws {
        let mail = try await directory(Self.processWide)
        #expect(mail.setup(for: "acme")?.composer.sender.address == "attest@agency.example")
        #expect(Self.smtp(mail.setup(for: "acme")) === Self.smtp(mail.shared))
        #expect(try await directory([:]).setup(for: "acme") == nil, "no transport configured: nothing is sent")
    }

    @Test func aTenantWithItsOwnURLGetsItsOwnTransportAndSender() async throws {
        var environment = Self.processWide
        environment["ATTEST_TENANT_ACME_SMTP_URL"] = "smtp://127.0.0.1:2626?tls=none&connections=3"
        environment["ATTEST_TENANT_ACME_MAIL_FROM"] = "Acme HR <hr@acme.example>"
        let mail = try await directory(environment)
        let acme = try #require(Self.smtp(mail.setup(for: "acme")))
        #expect(acme !== Self.smtp(mail.shared), "its own connection pool")
        #expect(acme.configuration.port == 2626)
        #expect(mail.setup(for: "acme")?.concurrency == 3)
        #expect(mail.setup(for: "acme")?.composer.sender.description == "Acme HR <hr@acme.example>")
        #expect(Self.smtp(mail.setup(for: "beta")) === Self.smtp(mail.shared), "beta keeps the process-wide relay")
        #expect(mail.setup(for: "beta")?.composer.sender.address == "attest@agency.example")
    }

    @Test func aTenantsOwnURLWithoutItsOwnSenderUsesTheProcessWideSender() async throws {
        var environment = Self.processWide
        environment["ATTEST_TENANT_BETA_SMTP_URL"] = "smtp://127.0.0.1:2727?tls=none"
        let mail = try await directory(environment)
        #expect(Self.smtp(mail.setup(for: "beta"))?.configuration.port == 2727)
        #expect(mail.setup(for: "beta")?.composer.sender.address == "attest@agency.example")
    }

    @Test func aTenantWithOnlyItsOwnSenderSharesTheProcessWideTransport() async throws {
        var environment = Self.processWide
        environment["ATTEST_TENANT_BETA_MAIL_FROM"] = "beta@beta.example"
        let mail = try await directory(environment)
        #expect(Self.smtp(mail.setup(for: "beta")) === Self.smtp(mail.shared))
        #expect(mail.setup(for: "beta")?.composer.sender.address == "beta@beta.example")
        #expect(mail.setup(for: "acme")?.composer.sender.address == "attest@agency.example")
    }

    @Test func refusesAKeyForATenantItDoesNotHost() async {
        var environment = Self.processWide
        environment["ATTEST_TENANT_GHOST_SMTP_URL"] = "smtp://127.0.0.1:2828?tls=none"
        let error = await refusal(environment)
        #expect(error?.key == "ATTEST_TENANT_GHOST_SMTP_URL")
        #expect(error?.problem.contains("tenant \"ghost\" is not hosted") == true)
    }

    @Test func onlyWarnsAboutATenantNotYetHostedWithAllTenants() async throws {
        var environment = Self.processWide
        environment["ATTEST_TENANT_LATER_ON_SMTP_URL"] = "smtp://127.0.0.1:2929?tls=none"
        let mail = try await directory(environment, selection: .all, hosted: ["acme"])
        #expect(Self.smtp(mail.setup(for: "later-on"))?.configuration.port == 2929, "ready for when it is granted")
    }

    @Test func refusesAMalformedTenantURLNamingItsKeyButNotThePassword() async {
        for url in ["smtp://user:hunter2@relay.example:25?tls=none", "smtpx://user:hunter2@relay.example", "smtp://user:hunter2@relay.example?tls=maybe"] {
            var environment = Self.processWide
            environment["ATTEST_TENANT_ACME_SMTP_URL"] = url
            let error = await refusal(environment)
            #expect(error?.key == "ATTEST_TENANT_ACME_SMTP_URL")
            #expect(error?.description.contains("hunter2") == false)
        }
    }

    @Test func refusesIncompleteTenantSettingsNamingTheKey() async {
        var caOnly = Self.processWide
        caOnly["ATTEST_TENANT_ACME_SMTP_CA_FILE"] = "/etc/attest/ca.pem"
        #expect(await refusal(caOnly)?.key == "ATTEST_TENANT_ACME_SMTP_CA_FILE")
        let noSender = ["ATTEST_TENANT_ACME_SMTP_URL": "smtp://127.0.0.1:2525?tls=none"]
        #expect(await refusal(noSender)?.key == "ATTEST_TENANT_ACME_MAIL_FROM")
        let noRelay = ["ATTEST_TENANT_ACME_MAIL_FROM": "hr@acme.example"]
        #expect(await refusal(noRelay)?.key == "ATTEST_TENANT_ACME_MAIL_FROM")
        var badSender = Self.processWide
        badSender["ATTEST_TENANT_BETA_MAIL_FROM"] = "not an address"
        #expect(await refusal(badSender)?.key == "ATTEST_TENANT_BETA_MAIL_FROM")
    }
}
