import Compliance
import Foundation
import PostgresNIO

/// A tip received by phone, mail or in person, recorded from a console session.
extension EventRecordsRepository {
    /// Records a new tip, and what it says when `text` is given: the record as
    /// ``saveTip(_:context:connection:logger:)`` saves it, and the text sealed with
    /// the tenant's active public key and stored by `attest.console_seal_tip_text` (the
    /// console role cannot touch the sealed columns itself; the function checks that the
    /// key is still the active one). Unlike `attest tip record`, it never
    /// changes an existing tip: its steps are recorded on its own page, and its text
    /// cannot be replaced unread.
    public func recordNewTipInConsole(
        _ tip: TipRecord, text: String?, context: TenantContext, connection: PostgresConnection, logger: Logger
    ) async throws -> ReconcileReport {
        var sealer: TipPublicKey?
        if let text {
            try Self.validateRecorded(text: text)
            sealer = try await TipKeyRepository().activeKey(lock: false, context: context, connection: connection, logger: logger)
            guard sealer != nil else {
                throw RecordViolation(field: "text", "\(TipKeyError.noKey(tenant: context.tenant.slug)); until then, record the tip without its text")
            }
        }
        guard try await !tipExists(tip.tipID, context: context, connection: connection, logger: logger) else {
            throw RecordViolation(field: "tip", "tip \(tip.tipID) already exists: record its steps on its own page")
        }
        let report = try await saveTip(tip, context: context, connection: connection, logger: logger)
        guard let text, let sealer else { return report }
        let sealed = try sealer.seal(text, field: .text, tenant: context.tenant.id, tip: tip.tipID)
        let rows = try await connection.query(
            "SELECT attest.console_seal_tip_text(\(context.tenant.id), \(tip.tipID), \(sealed), \(sealer.keyID))", logger: logger)
        guard try await rows.decode(Bool.self).first(where: { _ in true }) == true else {
            throw RecordViolation(field: "text", "tip \(tip.tipID) already has a text")
        }
        try await EventLog.append([Event(action: "tip.text_recorded", subjectKind: "tip", subjectID: tip.tipID, details: ["key_id": sealer.keyID])],
                                  context: context, connection: connection, logger: logger)
        return report
    }

    private func tipExists(_ id: String, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM attest.tips WHERE tenant_id = \(context.tenant.id) AND tip_id = \(id))", logger: logger)
        return try await rows.decode(Bool.self).first(where: { _ in true }) ?? false
    }
}
