import Compliance
import PostgresNIO

extension NoMatchRepository {
    /// Records that letter `letterID` was definitively resolved on `date` (acknowledging
    /// it too if it was not yet), with what was done and where the evidence is kept;
    /// `steps`, when given, replaces the steps on record. Reconciles its obligations.
    ///
    /// What `attest nomatch resolve` and `POST …/nomatch-letters/{letter_id}/resolve` record.
    public func resolve(_ letterID: String, on date: CivilDate, resolution: String, evidence: String, steps: String?,
                        context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        var letter = try await load(letterID, context: context, connection: connection, logger: logger)
        letter.resolvedOn = date
        letter.acknowledgedOn = letter.acknowledgedOn ?? date
        letter.resolution = resolution
        letter.evidenceReference = evidence
        if let steps { letter.steps = steps }
        return try await save([letter], context: context, connection: connection, logger: logger)
    }
}
