import ArgumentParser
import Compliance
import Foundation
import Storage

struct AgendaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "A tenant's open obligations due in a window, with the reminders planned for them."
    )
    @Option(help: "First day of the window (default today).", transform: civilDate) var from: CivilDate?
    @Option(help: "Length of the window in days.") var days = 14
    @OptionGroup var options: TenantOptions

    func validate() throws {
        guard (1...3660).contains(days) else { throw ValidationError("--days must be from 1 to 3660") }
    }

    func run() async throws {
        let context = try await CommandContext.load()
        let (start, length) = (from ?? today(), days)
        let (items, exceptions) = try await context.withDatabase { database in
            try await TenantWork(database: database).run(slug: options.tenant, actor: RecordCommandRunner.actor) { tenant, connection in
                (try await AgendaRepository().agenda(from: start, days: length, context: tenant, connection: connection, logger: database.logger),
                 try await HireExceptionStore.list(context: tenant, connection: connection, logger: database.logger))
            }
        }
        if options.json { return try JSONOutput.print(items) }
        defer { printExceptions(exceptions) }
        if items.isEmpty { return print("Nothing due from \(start) for \(length) days.") }
        for item in items {
            let late = item.dueDate < start.description ? "  OVERDUE" : ""
            print("\(item.dueDate)  \(item.kind.padding(toLength: 28, withPad: " ", startingAt: 0)) \(item.subject)\(late)")
            for who in item.responsible {
                print("            responsible: \(who.person.map { "\(who.name) (\($0))" } ?? who.name): \(who.reason)")
            }
            for reminder in item.reminders {
                print("            reminder \(reminder.stage) at \(reminder.sendAt) to \(reminder.recipients.joined(separator: ", "))")
            }
        }
    }
}

extension AgendaCommand {
    /// The hiring-safeguard exceptions, after the obligations (for review, not verdicts).
    private func printExceptions(_ exceptions: [HireException]) {
        guard !exceptions.isEmpty else { return }
        print("\nExceptions to review (hiring safeguards):")
        for exception in exceptions { print("  hire \(exception.hire): \(exception.detail)") }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "For every tenant: open, due within 7 days, overdue, failed deliveries, tips awaiting acknowledgement, hiring-safeguard exceptions."
    )
    @Flag(help: "Print the result as JSON.") var json = false

    func run() async throws {
        let context = try await CommandContext.load()
        let day = today()
        let rows = try await context.withDatabase { database in
            try await database.withTransaction { connection in
                try await AgendaRepository().status(today: day, connection: connection, logger: database.logger)
            }
        }
        try await warnOfExpiringTokens(context)
        if json { return try JSONOutput.print(rows) }
        let width = max(6, rows.map(\.tenant.count).max() ?? 6)
        let titles = ["OPEN", "DUE<7D", "OVERDUE", "FAILED", "NEWTIPS", "EXCEPT"].map { $0.leftPadded(to: 7) }
        print("TENANT".padding(toLength: width, withPad: " ", startingAt: 0) + " " + titles.joined(separator: " "))
        for row in rows {
            let cells = [row.open, row.dueWithin7Days, row.overdue, row.failedDeliveries, row.tipsAwaitingAcknowledgement, row.safeguardExceptions]
                .map { String($0).leftPadded(to: 7) }
            print(row.tenant.padding(toLength: width, withPad: " ", startingAt: 0) + " " + cells.joined(separator: " "))
        }
    }

    /// Warns on standard error of every API token that expires within two weeks (when
    /// the role may read tokens: a daemon role may not, and is told nothing).
    private func warnOfExpiringTokens(_ context: CommandContext) async throws {
        let tokens: [APIToken]
        do {
            tokens = try await context.withDatabase { try await APITokenRepository(database: $0).list() }
        } catch let error as StorageError where error.kind == .unsafeRole {
            return
        }
        let now = Date()
        let horizon = now.addingTimeInterval(TimeInterval(APITokenExpiry.warningDays) * 86_400)
        for token in tokens where !token.isRevoked && !token.isExpired(at: now) && token.expiresAt <= horizon {
            FileHandle.standardError.write(Data("""
                warning: API token \(token.name) expires at \(UTCTimestamp.format(token.expiresAt)); \
                make its successor with `attest token create` and revoke it.\n
                """.utf8))
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
