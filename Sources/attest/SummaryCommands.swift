import ArgumentParser
import Daemon
import Foundation
import Mailer
import Storage

/// `attest summary send | settings`: the weekly summary to the agency's operators.
struct SummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "The weekly summary e-mail to the agency's operator contacts, across their clients (operator role).",
        subcommands: [Send.self, Settings.self])

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the weekly summaries that are due (each Monday from the operator's send hour); run it from a timer, on any number of hosts.",
            discussion: "Each operator receives one summary a week, however often and wherever this runs. Needs ATTEST_SMTP_URL and ATTEST_MAIL_FROM.")
        @Option(help: ArgumentHelp("The instant to act at (ISO 8601, e.g. 2026-12-07T14:00:00Z); default now.", valueName: "instant"),
                transform: SummaryCommand.instant) var now: Date?
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let (transport, sender) = try await CommandContext.reporting {
                guard let url = context.configuration.smtpURL, let from = context.configuration.mailFrom else {
                    throw ValidationError("ATTEST_SMTP_URL and ATTEST_MAIL_FROM must be set to send the summaries")
                }
                return (try MailTransportFactory.make(url: url, caFile: context.configuration.smtpCAFile, logger: context.logger),
                        try MailAddress.parse(from))
            }
            let at = now ?? Date()
            let report: WeeklySummarySender.Report
            do {
                report = try await context.withDatabase { database in
                    try await WeeklySummarySender(database: database, transport: transport, sender: sender,
                                                  owner: ProcessInfo.processInfo.hostName + ":\(getpid())", logger: context.logger).run(now: at)
                }
            } catch {
                await transport.close()
                throw error
            }
            await transport.close()
            if json { return try JSONOutput.print(["sent": report.sent, "retried": report.retried, "failed": report.failed]) }
            print("weekly summaries: \(report.sent.count) sent, \(report.retried.count) to retry, \(report.failed.count) failed")
            for entry in report.sent { print("  sent to \(entry)") }
            for entry in report.retried { print("  will retry \(entry)") }
            for entry in report.failed { print("  failed: \(entry)") }
            if !report.failed.isEmpty { throw ExitCode.failure }
        }
    }

    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an operator contact's time zone and send hour for the weekly summary.")
        @Argument(help: "The operator contact's e-mail address.") var email: String
        @Option(help: "An IANA time zone, e.g. America/Chicago.") var timeZone: String
        @Option(help: "The local hour (0-23) on Mondays from which the summary is sent.") var sendHour: Int = 8

        func validate() throws {
            guard (0...23).contains(sendHour) else { throw ValidationError("--send-hour must be from 0 to 23") }
            guard (try? MailAddress(email)) != nil else { throw ValidationError("\(email) is not an e-mail address") }
        }

        func run() async throws {
            let context = try await CommandContext.load()
            let (address, zone, hour) = (email, timeZone, sendHour)
            try await context.withDatabase { database in
                try await database.withTransaction { connection in
                    try await WeeklySummaryQueue().setSettings(email: address, timeZone: zone, sendHour: hour, connection: connection, logger: context.logger)
                }
            }
            print("\(email): weekly summary on Mondays from \(sendHour):00 \(timeZone)")
        }
    }

    /// An ISO 8601 instant.
    static func instant(_ text: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { throw ValidationError("\"\(text)\" is not an ISO 8601 instant such as 2026-12-07T14:00:00Z") }
        return date
    }
}
