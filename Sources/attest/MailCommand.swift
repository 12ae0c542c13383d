import ArgumentParser
import Foundation
import Daemon
import Mailer

struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail",
        abstract: "Check the mail transport (ATTEST_SMTP_URL, ATTEST_MAIL_FROM).",
        subcommands: [Test.self]
    )

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one sample reminder through the configured transport and print the outcome."
        )
        @Option(help: "Recipient address.") var to: String
        @Option(help: "Render with this tenant's template overrides directory.") var templates: String?
        @Option(help: "Send through this tenant's own relay and sender (ATTEST_TENANT_<SLUG>_SMTP_URL, …_MAIL_FROM) where it has them.")
        var tenant: String?
        @Flag(help: "Print the outcome as JSON.") var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let outcome = try await CommandContext.reporting { () async throws -> DeliveryOutcome in
                let mail = try ConfiguredMail(context, tenant: tenant)
                let (transport, from) = (mail.transport, mail.sender)
                let message = try SampleReminder.message(
                    from: from, to: try address(to, key: "--to"),
                    messageID: "<test.\(UUID().uuidString.lowercased())@attest.invalid>",
                    templates: try TemplateSet.load(overrideDirectory: templates))
                let outcome = await transport.send(message)
                await transport.close()
                return outcome
            }
            if json {
                try JSONOutput.print(["accepted": outcome.isAccepted ? "true" : "false", "outcome": outcome.description])
            } else {
                print(outcome.description)
            }
            if !outcome.isAccepted { throw ExitCode.failure }
        }
    }
}
