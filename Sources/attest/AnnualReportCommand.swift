import ArgumentParser
import Compliance
import Foundation
import Reports
import Storage

extension ReportFormat: ExpressibleByArgument {}

extension ReportCommand {
    struct Annual: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the annual IMAGE report of a year: per best practice what the records show, and every exception.",
            discussion: "With --tenant it prints the report (or writes --output FILE); with --all-tenants it writes one file per active tenant, DIR/SLUG.FORMAT."
        )
        @Option(help: "The tenant's slug.") var tenant: String?
        @Flag(help: "Every active tenant (needs --output-dir).") var allTenants = false
        @Option(help: "The year reported on.") var year: Int
        @Option(help: "html, md, csv or json.") var format: ReportFormat = .html
        @Option(help: "Write the report to this file instead of standard output.") var output: String?
        @Option(help: "Write each report to DIR/SLUG.FORMAT.") var outputDir: String?
        @Option(help: "Read the records as of this day (default today): open items due before it are overdue.", transform: civilDate) var asOf: CivilDate?

        func validate() throws {
            guard (1971...2200).contains(year) else { throw ValidationError("--year must be from 1971 to 2200") }
            guard (tenant == nil) != !allTenants else { throw ValidationError("give either --tenant SLUG or --all-tenants") }
            if allTenants && outputDir == nil { throw ValidationError("--all-tenants writes one file per tenant: give --output-dir DIR") }
            if output != nil && outputDir != nil { throw ValidationError("give --output or --output-dir, not both") }
        }

        func run() async throws {
            let context = try await CommandContext.load()
            let (reported, day, slug, kind) = (year, asOf ?? today(), tenant, format)
            let rendered = try await context.withDatabase { database in
                let repository = TenantRepository(database: database)
                let tenants = if let slug { [try await repository.require(slug: slug)] } else { try await repository.list().filter { !$0.isDisabled } }
                var result: [(String, String)] = []
                for tenant in tenants {
                    let report = try await TenantWork(database: database).run(tenant: tenant, actor: RecordCommandRunner.actor) { context, connection in
                        try await AnnualReportRepository().report(year: reported, asOf: day, context: context, connection: connection, logger: database.logger)
                    }
                    result.append((tenant.slug, try kind.render(report)))
                }
                return result
            }
            try await CommandContext.reporting { try write(rendered) }
        }

        private func write(_ reports: [(slug: String, text: String)]) throws {
            if let outputDir {
                try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
                for report in reports {
                    let path = (outputDir as NSString).appendingPathComponent("\(report.slug).\(format.fileExtension)")
                    try Data(report.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                    print(path)
                }
            } else if let output, let report = reports.first {
                try Data(report.text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else if let report = reports.first {
                FileHandle.standardOutput.write(Data(report.text.utf8))
            }
        }
    }
}
