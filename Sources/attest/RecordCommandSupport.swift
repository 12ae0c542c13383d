import ArgumentParser
import Compliance
import Foundation
import PostgresNIO
import Storage

/// Options every record command takes.
struct TenantOptions: ParsableArguments {
    @Option(help: "The tenant's slug.")
    var tenant: String

    @Flag(help: "Print the result as JSON.")
    var json = false
}

/// Parses an ISO date option, naming the option when it is wrong.
func civilDate(_ text: String) throws -> CivilDate {
    let date: CivilDate
    do {
        date = try CivilDate(iso: text)
    } catch {
        throw ValidationError("\(error.description)")
    }
    if let problem = RecordRules.dateProblem(date) { throw ValidationError(problem) }
    return date
}

/// Today in the machine's time zone (commands default their dates to it).
func today() -> CivilDate {
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return (try? CivilDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)) ?? CivilDate(dayNumber: 0)
}

/// Runs one tenant transaction for a record command and prints what changed.
struct RecordCommandRunner {
    let options: TenantOptions
    /// The command's context when it already loaded one (logging is set up only once).
    var context: CommandContext?

    /// The operating-system user, recorded as the actor in the event trail.
    static var actor: String { "os:" + (ProcessInfo.processInfo.environment["USER"] ?? NSUserName()) }

    func run(
        _ what: String,
        _ body: @escaping @Sendable (TenantContext, PostgresConnection, Logger) async throws -> ReconcileReport
    ) async throws {
        let context = if let context { context } else { try await CommandContext.load() }
        let report = try await context.withDatabase { database in
            try await TenantWork(database: database).run(slug: options.tenant, actor: Self.actor) { tenant, connection in
                try await body(tenant, connection, database.logger)
            }
        }
        if options.json {
            try JSONOutput.print(ChangeSummary(subject: what, report: report))
        } else {
            print(ChangeSummary(subject: what, report: report).line)
        }
    }
}

/// The JSON answer of a record command.
struct ChangeSummary: Encodable {
    let subject: String
    let report: ReconcileReport

    /// The one-line answer of a record command.
    var line: String {
        "\(subject): \(report.inserted) obligations added, \(report.moved) moved, \(report.cancelled) cancelled, \(report.completed) completed."
    }

    enum CodingKeys: String, CodingKey { case subject, obligations }
    enum ReportKeys: String, CodingKey { case inserted, moved, cancelled, completed }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subject, forKey: .subject)
        var nested = container.nestedContainer(keyedBy: ReportKeys.self, forKey: .obligations)
        try nested.encode(report.inserted, forKey: .inserted)
        try nested.encode(report.moved, forKey: .moved)
        try nested.encode(report.cancelled, forKey: .cancelled)
        try nested.encode(report.completed, forKey: .completed)
    }
}
