import ArgumentParser
import Daemon
import Foundation
import Mailer
import Storage

extension NetworkCommand {
    struct SendGuidelines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send-guidelines",
            abstract: "E-mail the IMAGE guidelines to every hiring-network company not yet reached this year.",
            discussion: """
                Sends through the tenant's own relay and sender (ATTEST_TENANT_<SLUG>_SMTP_URL, …_MAIL_FROM) where it \
                has them, as the daemon does, else through ATTEST_SMTP_URL from ATTEST_MAIL_FROM. Each attempt is recorded; a success records the year's \
                communication and completes the company's obligation. Exits 1 listing the companies not reached (their \
                reminders continue); running it again sends only to them, with the same Message-ID.
                """
        )
        @Option(help: "The year of the communication (default: this year; the guidelines are sent today).") var year: Int?
        @Option(help: "A folder of template overrides (network-guidelines.subject.mustache, .text.mustache, .html.mustache).") var templates: String?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let context = try await CommandContext.load()
            let (slug, wanted, folder) = (options.tenant, year, templates)
            let run = try await context.withDatabase { database in
                let mail = try ConfiguredMail(context, tenant: slug)
                let sender = GuidelinesSender(database: database, transport: mail.transport, sender: mail.sender,
                                              templates: try TemplateSet.load(overrideDirectory: folder), actor: RecordCommandRunner.actor)
                let run = try await sender.send(slug: slug, year: wanted)
                await mail.transport.close()
                return run
            }
            if options.json {
                try JSONOutput.print(run.sends.map {
                    ["company": $0.companyID, "outcome": $0.send.outcome.rawValue, "reply": $0.send.reply, "message_id": $0.send.messageID]
                })
            } else {
                for result in run.sends {
                    print("\(result.send.outcome == .accepted ? "sent" : "not reached") \(result.companyID) (\(result.name)): \(result.send.reply)")
                }
                print("\(run.reached.count) companies reached, \(run.notReached.count) not reached for \(run.year).")
            }
            guard run.notReached.isEmpty else {
                let list = run.notReached.map { "\($0.companyID) (\($0.send.reply))" }.joined(separator: "; ")
                FileHandle.standardError.write(Data("attest: error: not reached, their obligations stay open: \(list)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
