import Compliance
import Foundation
import PostgresNIO

/// Re-derives every obligation of a tenant from its stored records: run in the same
/// transaction as a change of its settings or of the closure calendar, so that open
/// obligations follow the new rules. Obligations already done stay done.
public struct TenantRecompute: Sendable {
    /// Hires and letters are loaded and saved this many at a time, in a constant number
    /// of queries per page.
    let pageSize: Int

    /// A recompute in pages of `pageSize` records (the default suits 100,000 hires).
    public init(pageSize: Int = 5_000) {
        precondition(pageSize > 0, "a page holds at least one record")
        self.pageSize = pageSize
    }

    /// Recomputes hires (with their I-9 and E-Verify cases), trainings, no-match
    /// letters, policies, the training program, the hiring network, tips,
    /// self-reports and the annual items of this year and the next.
    public func run(context: TenantContext, today: CivilDate, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        var total = ReconcileReport()
        let hires = HireRepository()
        total.add(try await inPages(key: \.externalID) { after in
            try await hires.recordPage(after: after, limit: pageSize, context: context, connection: connection, logger: logger)
        } save: { page in
            try await hires.save(page, context: context, connection: connection, logger: logger).obligations
        })
        let records = try await PeopleRepository().allTrainings(context: context, connection: connection, logger: logger)
        total.add(try await PeopleRepository().saveTrainings(records, context: context, connection: connection, logger: logger))
        let letters = NoMatchRepository()
        total.add(try await inPages(key: \.letterID) { after in
            try await letters.page(after: after, limit: pageSize, context: context, connection: connection, logger: logger)
        } save: { page in
            try await letters.save(page, context: context, connection: connection, logger: logger)
        })
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

    /// Loads records a page at a time (each page after the last key of the one before)
    /// and saves each page, until a page comes back empty.
    private func inPages<Record>(
        key: (Record) -> String,
        load: (String?) async throws -> [Record],
        save: ([Record]) async throws -> ReconcileReport
    ) async throws -> ReconcileReport {
        var total = ReconcileReport()
        var after: String?
        while true {
            let page = try await load(after)
            guard let last = page.last else { return total }
            total.add(try await save(page))
            after = key(last)
        }
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
