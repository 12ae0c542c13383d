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
        @Flag(help: "Print the outcome as JSON.") var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let outcome = try await CommandContext.reporting { () async throws -> DeliveryOutcome in
                let configuration = context.configuration
                guard let url = configuration.smtpURL else {
                    throw MailCommandError("ATTEST_SMTP_URL: not set (smtp://USER:PASS@HOST:587, smtps://HOST:465 or maildir:PATH)")
                }
                guard let from = configuration.mailFrom else {
                    throw MailCommandError("ATTEST_MAIL_FROM: not set (the sender, e.g. Attest <attest@agency.example>)")
                }
                let transport = try MailTransportFactory.make(url: url, caFile: configuration.smtpCAFile, logger: context.logger)
                let message = try SampleReminder.message(
                    from: try address(from, key: "ATTEST_MAIL_FROM"), to: try address(to, key: "--to"),
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

/// Parses an address, naming the option or key when it is wrong.
private func address(_ text: String, key: String) throws -> MailAddress {
    do {
        return try MailAddress.parse(text)
    } catch {
        throw MailCommandError("\(key): \(error)")
    }
}

struct MailCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
