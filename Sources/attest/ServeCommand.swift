import ArgumentParser
import Daemon

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon for one or more tenants until SIGTERM or SIGINT."
    )

    @Option(name: .customLong("tenant"), help: "Slug of a tenant to host (repeatable).")
    var tenants: [String] = []

    @Flag(help: "Host every tenant this database role may act for.")
    var allTenants = false

    func validate() throws {
        if allTenants && !tenants.isEmpty {
            throw ValidationError("use either --tenant or --all-tenants, not both")
        }
        if !allTenants && tenants.isEmpty {
            throw ValidationError("name a tenant with --tenant SLUG, or use --all-tenants")
        }
    }

    func run() async throws {
        let context = try await CommandContext.load(logOutput: .standardOutput)
        let selection: TenantSelection = allTenants ? .all : .slugs(tenants)
        try await CommandContext.reporting {
            try await AttestDaemon(configuration: context.configuration, selection: selection, logger: context.logger).run()
        }
    }
}
