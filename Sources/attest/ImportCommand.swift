import ArgumentParser
import Foundation
import Storage

extension RecordImporter.Kind: ExpressibleByArgument {}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import an HR system's CSV export (people, trainings, hires, nomatch): all rows or none.",
        discussion: """
            The first row names the columns (see the README, Importing). Any bad row rejects the whole \
            file: every problem is listed as file:line: column: what, and the database is unchanged. \
            Importing the same file again changes nothing.
            """
    )

    @Argument(help: "What the file holds: people, trainings, hires or nomatch.") var kind: RecordImporter.Kind
    @Argument(help: "The CSV file (UTF-8, with or without BOM).") var file: String
    @OptionGroup var options: TenantOptions

    func run() async throws {
        let context = try await CommandContext.load()
        let table = CSVTable(contentsOfFile: file)
        let (what, tenant) = (kind, options.tenant)
        let report = try await context.withDatabase { database in
            try await TenantWork(database: database).run(slug: tenant, actor: RecordCommandRunner.actor) { context, connection in
                try await RecordImporter().run(what, table: table, context: context, connection: connection, logger: database.logger)
            }
        }
        if options.json { return try JSONOutput.print(report) }
        print("Imported \(report.rows) \(kind.rawValue) rows from \(file): \(report.changed) new or changed; obligations \(report.obligationsInserted) added, \(report.obligationsMoved) moved, \(report.obligationsCancelled) cancelled, \(report.obligationsCompleted) completed.")
    }
}
