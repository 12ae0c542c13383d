import ArgumentParser
import Foundation
import Storage

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Check a tenant's event trail.",
        subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a tenant's hash-chained event trail and report the first broken link (exit status 1 then).",
            discussion: """
                Prints the chain's head (SEQ:HASH). Keep it outside the database: a later \
                `verify --anchor SEQ:HASH` proves that the events up to it were not rewritten since.
                """)
        @OptionGroup var options: TenantOptions
        @Option(help: "A head printed by an earlier verify (SEQ:HASH), checked against the chain.")
        var anchor: String?

        func run() async throws {
            let anchor = try anchor.map { try EventChainAnchor(parsing: $0) }
            let context = try await CommandContext.load()
            let report = try await context.withDatabase { database in
                try await TenantWork(database: database).run(slug: options.tenant, actor: RecordCommandRunner.actor) { tenant, connection in
                    try await EventChainRepository().verify(anchor: anchor, context: tenant, connection: connection, logger: database.logger)
                }
            }
            if options.json {
                try JSONOutput.print(report)
            } else {
                print(Self.lines(report, tenant: options.tenant, anchor: anchor).joined(separator: "\n"))
            }
            if !report.isIntact { throw ExitCode.failure }
        }

        static func lines(_ report: EventChainReport, tenant: String, anchor: EventChainAnchor?) -> [String] {
            var lines = ["\(tenant): \(report.events) events; " + (report.firstBreak.map { "chain BROKEN: \($0.sentence)" } ?? "every link holds")]
            if !report.unlinkedEvents.isEmpty {
                lines.append("events outside the chain (written around its trigger): ids \(report.unlinkedEvents.map(String.init).joined(separator: ", "))")
            }
            if let anchor, let matches = report.anchorMatches {
                lines.append(matches ? "anchor \(anchor.chainSeq) matches" : "anchor \(anchor.chainSeq) does NOT match: the trail up to it was rewritten")
            }
            if let head = report.head { lines.append("head \(head)") }
            return lines
        }
    }
}
