import Compliance
import PostgresNIO

/// One step of the protocol answering a stored tip — what `attest tip acknowledge |
/// investigate | respond | close` record, and the API's matching routes.
public enum TipChange: Sendable, Equatable {
    case acknowledge(on: CivilDate)
    /// The investigation started (acknowledging the tip if it was not yet).
    case investigate(on: CivilDate)
    /// Answered per the protocol; `answer`, when given, is what the reporter reads with
    /// the receipt code (else the previous answer stays).
    case respond(on: CivilDate, steps: String, answer: String? = nil)
    case close(on: CivilDate)

    /// Applies the step to `tip`.
    public func apply(to tip: inout TipRecord) {
        switch self {
        case .acknowledge(let day):
            tip.acknowledgedOn = day
            tip.status = .acknowledged
        case .investigate(let day):
            tip.investigatedOn = day
            tip.acknowledgedOn = tip.acknowledgedOn ?? day
            tip.status = .investigating
        case .respond(let day, let steps, let answer):
            tip.respondedOn = day
            tip.acknowledgedOn = tip.acknowledgedOn ?? day
            tip.protocolSteps = steps
            tip.publicAnswer = answer ?? tip.publicAnswer
            tip.status = .responded
        case .close(let day):
            tip.closedOn = day
            tip.status = .closed
        }
    }
}

extension EventRecordsRepository {
    /// Loads the tip, records `change` on it and saves it, reconciling its obligations.
    public func record(_ change: TipChange, tip id: String, context: TenantContext,
                       connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        var tip = try await loadTip(id, context: context, connection: connection, logger: logger)
        change.apply(to: &tip)
        return try await saveTip(tip, context: context, connection: connection, logger: logger)
    }
}
