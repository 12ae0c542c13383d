import ArgumentParser
import Compliance
import Storage

/// `attest calendar day`: federal closures by executive order and E-Verify outages,
/// shared by every tenant. A change recomputes every tenant's obligations in one
/// transaction (all or nothing).
struct SharedDayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day",
        abstract: "Add or remove a federal closure or E-Verify outage day, and recompute every tenant's obligations."
    )
    @Argument(help: "The day (YYYY-MM-DD).", transform: civilDate) var day: CivilDate
    @Option(help: "federal_closure or everify_outage.") var kind: CalendarRepository.SharedDayKind
    @Option(help: "For an outage: the catch-up date USCIS published.", transform: civilDate) var catchUp: CivilDate?
    @Option(help: "Where the closure was announced.") var note = ""
    @Flag(help: "Remove the day instead.") var remove = false
    @Flag(help: "Print the result as JSON.") var json = false

    func run() async throws {
        let context = try await CommandContext.load()
        let (date, what, catchUpDay, why, removing, now) = (day, kind, catchUp, note, remove, today())
        let report = try await context.withDatabase { database in
            let tenants = try await TenantRepository(database: database).list().filter { !$0.isDisabled }
            return try await database.withTransaction { connection in
                try await CalendarRepository().setSharedDay(date, kind: what, catchUp: catchUpDay, note: why, remove: removing,
                                                           connection: connection, logger: database.logger)
                var total = ReconcileReport()
                for tenant in tenants {
                    let tenantContext = try await TenantContext.load(tenant: tenant, actor: RecordCommandRunner.actor,
                                                                     connection: connection, logger: database.logger)
                    total.add(try await TenantRecompute().run(context: tenantContext, today: now, connection: connection, logger: database.logger))
                }
                return total
            }
        }
        let summary = ChangeSummary(subject: "calendar day \(day)", report: report)
        if json { return try JSONOutput.print(summary) }
        print(summary.line)
    }
}
