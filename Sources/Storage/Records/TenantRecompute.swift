import Compliance
import Foundation
import PostgresNIO

/// Re-derives every obligation of a tenant from its stored records: run in the same
/// transaction as a change of its settings or of the closure calendar, so that open
/// obligations follow the new rules. Obligations already done stay done.
public struct TenantRecompute: Sendable {
    public init() {}

    /// Recomputes hires (with their I-9 and E-Verify cases), trainings, no-match
    /// letters, policies, the training program, the hiring network, tips,
    /// self-reports and the annual items of this year and the next.
    public func run(context: TenantContext, today: CivilDate, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        var total = ReconcileReport()
        let hireIDs = try await ids("SELECT external_id FROM attest.hires WHERE tenant_id = \(context.tenant.id) ORDER BY external_id",
                                    connection: connection, logger: logger)
        let hires = HireRepository()
        for batch in stride(from: 0, to: hireIDs.count, by: 5_000).map({ Array(hireIDs[$0..<min($0 + 5_000, hireIDs.count)]) }) {
            var records: [HireRecord] = []
            for id in batch { records.append(try await hires.load(id, context: context, connection: connection, logger: logger)) }
            total.add(try await hires.save(records, context: context, connection: connection, logger: logger).obligations)
        }
        let people = try await ids("SELECT DISTINCT person_id FROM attest.trainings WHERE tenant_id = \(context.tenant.id)",
                                   connection: connection, logger: logger)
        let trainings = try await PeopleRepository().trainings(of: people, context: context, connection: connection, logger: logger)
        let records = trainings.flatMap { person, dates in dates.map { TrainingRecord(personID: person, completedOn: $0) } }
        total.add(try await PeopleRepository().saveTrainings(records, context: context, connection: connection, logger: logger))
        let letters = try await ids("SELECT letter_id FROM attest.nomatch_letters WHERE tenant_id = \(context.tenant.id)",
                                    connection: connection, logger: logger)
        var loaded: [NoMatchLetterRecord] = []
        for id in letters { loaded.append(try await NoMatchRepository().load(id, context: context, connection: connection, logger: logger)) }
        total.add(try await NoMatchRepository().save(loaded, context: context, connection: connection, logger: logger))
        total.add(try await ProgramRepository().refresh(context: context, connection: connection, logger: logger))
        total.add(try await NetworkRepository().refresh(nil, context: context, connection: connection, logger: logger))
        let events = EventRecordsRepository()
        let (tips, reports) = try await events.ids(context: context, connection: connection, logger: logger)
        for id in tips {
            total.add(try await events.reconcile(try await events.loadTip(id, context: context, connection: connection, logger: logger),
                                                 context: context, connection: connection, logger: logger))
        }
        for id in reports {
            total.add(try await events.reconcile(try await events.loadSelfReport(id, context: context, connection: connection, logger: logger),
                                                 context: context, connection: connection, logger: logger))
        }
        total.add(try await AnnualRepository().refresh(years: [today.year, today.year + 1], context: context, connection: connection, logger: logger))
        return total
    }

    private func ids(_ query: PostgresQuery, connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query(query, logger: logger).decode(String.self).reduce(into: []) { $0.append($1) }
    }
}

extension ReconcileReport {
    /// Adds another report's counts to this one.
    public mutating func add(_ other: ReconcileReport) {
        inserted += other.inserted
        moved += other.moved
        cancelled += other.cancelled
        completed += other.completed
    }
}
