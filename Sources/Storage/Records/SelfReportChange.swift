import Compliance
import PostgresNIO

/// A step of the self-reporting procedure recorded on a stored self-report: what
/// `attest selfreport correct | report` and the API's matching routes record.
public enum SelfReportChange: Sendable, Equatable {
    case correct(on: CivilDate, action: String)
    case report(on: CivilDate)

    /// Applies the step to `report`.
    public func apply(to report: inout SelfReportRecord) {
        switch self {
        case .correct(let day, let action):
            report.correctedOn = day
            report.correctiveAction = action
        case .report(let day):
            report.reportedToICEOn = day
        }
    }
}

extension EventRecordsRepository {
    /// Loads the self-report, records `change` on it and saves it, reconciling its obligations.
    public func record(_ change: SelfReportChange, selfReport id: String, context: TenantContext,
                       connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        var report = try await loadSelfReport(id, context: context, connection: connection, logger: logger)
        change.apply(to: &report)
        return try await saveSelfReport(report, context: context, connection: connection, logger: logger)
    }
}
