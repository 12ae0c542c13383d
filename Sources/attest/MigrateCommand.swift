import ArgumentParser
import Daemon
import Storage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the database migrations compiled into this binary (run as the owner role)."
    )

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() async throws {
        let context = try await CommandContext.load()
        try await CommandContext.reporting {
            // The migrations hold a session advisory lock, which a transaction pooler
            // would take on one server connection and release on another.
            guard context.configuration.databasePooling == .session else {
                throw ConfigurationError(key: ConfigurationKey.databasePooling.environmentName,
                                         problem: "is transaction: run attest migrate with a direct ATTEST_DATABASE_URL, not through the pooler")
            }
        }
        let report = try await context.withDatabase { database in
            try await Migrator(migrations: try Migration.embedded(), logger: context.logger)
                .migrate(database.client)
        }
        if json {
            try JSONOutput.print(["applied": report.applied, "already_applied": report.alreadyApplied])
        } else if report.applied.isEmpty {
            print("Database is up to date (\(report.alreadyApplied.count) migrations applied).")
        } else {
            report.applied.forEach { print("Applied \($0)") }
        }
    }
}
