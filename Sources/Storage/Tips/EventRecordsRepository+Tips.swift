import Compliance
import Foundation
import PostgresNIO

/// The tip form's side of `attest.tips`: intake of sealed tips, the reporter's status
/// look-up by receipt code, and the operators' list and (audited) opening of a tip.
extension EventRecordsRepository {
    /// At most this many characters of tip text and of contact.
    public static let tipTextLimit = 2000
    public static let tipContactLimit = 200
    /// At most this many characters of a tip an operator records (a letter or a call's notes).
    public static let recordedTipTextLimit = 20_000

    /// Stores a tip received through the form: text and contact sealed with the
    /// tenant's active public key (none: ``TipKeyError``, nothing stored), the receipt
    /// code as a hash, the date in the tenant's time zone; appends `tip.received` (no
    /// text) and creates the tip's obligations.
    public func receiveTip(
        _ submission: TipSubmission, receivedAt: Date = Date(),
        context: TenantContext, connection: PostgresConnection, logger: Logger
    ) async throws -> TipReceipt {
        try Self.validate(submission)
        let tenant = context.tenant
        let key = try await Self.sealingKey(context: context, connection: connection, logger: logger)
        let receivedOn = try LocalSendTime(timeZone: tenant.timeZone, hour: 0).civilDate(of: receivedAt)
        let tipID = "web-" + TipReceiptCode.generate().characters.prefix(10).lowercased()
        let code = TipReceiptCode.generate()
        let text = try key.seal(submission.text, field: .text, tenant: tenant.id, tip: tipID)
        let contact = try submission.contact.map { try key.seal($0, field: .contact, tenant: tenant.id, tip: tipID) }
        try await connection.query("""
            INSERT INTO attest.tips (tenant_id, tip_id, received_on, channel, anonymous, language, receipt_hash,
                                     sealed_text, sealed_contact, key_id)
            VALUES (\(tenant.id), \(tipID), \(receivedOn.description)::date, 'web', \(contact == nil), \(submission.language),
                    \(code.hash), \(text), \(contact), \(key.keyID))
            """, logger: logger)
        try await EventLog.append([Event(action: "tip.received", subjectKind: "tip", subjectID: tipID,
                                         details: ["channel": "web", "language": submission.language])],
                                  context: context, connection: connection, logger: logger)
        let report = try await reconcile(TipRecord(tipID: tipID, receivedOn: receivedOn, channel: .web),
                                         context: context, connection: connection, logger: logger)
        return TipReceipt(tipID: tipID, code: code, report: report)
    }

    /// The tenant's active key, locked for this transaction; an error naming the command
    /// that makes one when the tenant has none.
    static func sealingKey(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> TipPublicKey {
        guard let key = try await TipKeyRepository().activeKey(context: context, connection: connection, logger: logger) else {
            throw TipKeyError.noKey(tenant: context.tenant.slug)
        }
        return key
    }

    /// Records a tip received by other means than the form (phone, mail …) together
    /// with what it says: the record as ``saveTip(_:context:connection:logger:)`` saves
    /// it, and the text sealed with the tenant's active key, exactly as a form tip's
    /// text is, so that ``openTip(_:keys:context:connection:logger:)`` opens it. Appends
    /// `tip.text_recorded` (the key's id, never the text). A tip whose contact is sealed
    /// under another key is refused, since one row holds one key id.
    public func recordTip(
        _ tip: TipRecord, text: String, context: TenantContext, connection: PostgresConnection, logger: Logger
    ) async throws -> ReconcileReport {
        try Self.validateRecorded(text: text)
        let sealer = try await Self.sealingKey(context: context, connection: connection, logger: logger)
        let report = try await saveTip(tip, context: context, connection: connection, logger: logger)
        let sealed = try sealer.seal(text, field: .text, tenant: context.tenant.id, tip: tip.tipID)
        let rows = try await connection.query("""
            UPDATE attest.tips SET sealed_text = \(sealed), key_id = \(sealer.keyID)
            WHERE tenant_id = \(context.tenant.id) AND tip_id = \(tip.tipID) AND (sealed_contact IS NULL OR key_id = \(sealer.keyID))
            RETURNING tip_id
            """, logger: logger)
        guard try await rows.decode(String.self).first(where: { _ in true }) != nil else {
            throw RecordViolation(field: "text", "tip \(tip.tipID) holds a contact sealed with another key than the active \(sealer.keyID):"
                                  + " re-seal the tenant's tips with `attest tip key rotate --tenant \(context.tenant.slug)` first")
        }
        try await EventLog.append([Event(action: "tip.text_recorded", subjectKind: "tip", subjectID: tip.tipID, details: ["key_id": sealer.keyID])],
                                  context: context, connection: connection, logger: logger)
        return report
    }

    /// Refuses an empty or over-long recorded text.
    static func validateRecorded(text: String) throws(RecordViolation) {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RecordViolation(field: "text", "the tip's text is empty")
        }
        guard text.count <= recordedTipTextLimit else {
            throw RecordViolation(field: "text", "the tip's text has \(text.count) characters; at most \(recordedTipTextLimit)")
        }
    }

    /// The status and public answer of the tip with this receipt code, or nil: an
    /// unknown code and another tenant's code look the same.
    public func tipStatus(code: TipReceiptCode, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> TipStatusView? {
        let rows = try await connection.query("""
            SELECT status, to_char(received_on, 'YYYY-MM-DD'), public_answer
            FROM attest.tips WHERE tenant_id = \(context.tenant.id) AND receipt_hash = \(code.hash)
            """, logger: logger)
        for try await (status, received, answer) in rows.decode((String, String, String).self) {
            return TipStatusView(status: TipRecord.Status(rawValue: status) ?? .received, receivedOn: try CivilDate(iso: received), publicAnswer: answer)
        }
        return nil
    }

    /// Every tip of the tenant, newest first, without opening anything.
    public func listTips(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [TipListing] {
        let rows = try await connection.query("""
            SELECT tip_id, sealed_text IS NOT NULL, sealed_contact IS NOT NULL
            FROM attest.tips WHERE tenant_id = \(context.tenant.id) ORDER BY received_on DESC, tip_id
            """, logger: logger)
        var listings: [TipListing] = []
        for try await (id, hasText, hasContact) in rows.decode((String, Bool, Bool).self) {
            listings.append(TipListing(tip: try await loadTip(id, context: context, connection: connection, logger: logger),
                                       hasText: hasText, hasContact: hasContact))
        }
        return listings
    }

    /// Opens a tip's text and contact and appends `tip.shown` (who read it, when):
    /// reading a tip is itself part of the trail. Fails, recording nothing, when the
    /// values do not open with a key of `keys`.
    public func openTip(_ id: String, keys: TipKeyRing?, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> TipContent {
        let tip = try await loadTip(id, context: context, connection: connection, logger: logger)
        let rows = try await connection.query("""
            SELECT sealed_text, sealed_contact, key_id FROM attest.tips WHERE tenant_id = \(context.tenant.id) AND tip_id = \(id)
            """, logger: logger)
        var content = TipContent(tip: tip, text: nil, contact: nil, keyID: nil)
        for try await (text, contact, keyID) in rows.decode((Data?, Data?, String?).self) {
            content = try Self.open(tip: tip, text: text, contact: contact, keyID: keyID, keys: keys, tenant: context.tenant.id)
        }
        try await EventLog.append([Event(action: "tip.shown", subjectKind: "tip", subjectID: id)],
                                  context: context, connection: connection, logger: logger)
        return content
    }

    /// Opens a tip for a console session (whose account may read tips, in a tenant it
    /// may see: the database checks both, in `attest.console_sealed_tip`) and records
    /// the reading in the tenant's events.
    public func openTipInConsole(_ id: String, keys: TipKeyRing?, context: TenantContext, connection: PostgresConnection,
                                 logger: Logger) async throws -> TipContent {
        let tip = try await loadTip(id, context: context, connection: connection, logger: logger)
        let rows = try await connection.query("""
            SELECT sealed_text, sealed_contact, key_id FROM attest.console_sealed_tip(\(context.tenant.id), \(id))
            """, logger: logger)
        var content = TipContent(tip: tip, text: nil, contact: nil, keyID: nil)
        for try await (text, contact, keyID) in rows.decode((Data?, Data?, String?).self) {
            content = try Self.open(tip: tip, text: text, contact: contact, keyID: keyID, keys: keys, tenant: context.tenant.id)
        }
        try await EventLog.append([Event(action: "tip.shown", subjectKind: "tip", subjectID: id)],
                                  context: context, connection: connection, logger: logger)
        return content
    }

    private static func open(tip: TipRecord, text: Data?, contact: Data?, keyID: String?, keys: TipKeyRing?, tenant: UUID) throws -> TipContent {
        guard text != nil || contact != nil, let keyID else { return TipContent(tip: tip, text: nil, contact: nil, keyID: nil) }
        guard let keys else {
            throw TipKeyError("tip \(tip.tipID) is sealed: set ATTEST_TIP_KEY_DIR to the directory that holds its key, \(keyID).key")
        }
        let key = try keys.key(keyID)
        return TipContent(tip: tip, text: try text.map { try key.open($0, field: .text, tenant: tenant, tip: tip.tipID) },
                          contact: try contact.map { try key.open($0, field: .contact, tenant: tenant, tip: tip.tipID) },
                          keyID: keyID)
    }

    /// Refuses an empty or over-long text or contact, and an unknown language.
    static func validate(_ submission: TipSubmission) throws(RecordViolation) {
        guard !submission.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RecordViolation(field: "text", "the tip is empty")
        }
        guard submission.text.count <= tipTextLimit else {
            throw RecordViolation(field: "text", "the tip has \(submission.text.count) characters; at most \(tipTextLimit)")
        }
        guard (submission.contact?.count ?? 0) <= tipContactLimit else {
            throw RecordViolation(field: "contact", "the contact has more than \(tipContactLimit) characters")
        }
        guard ["en", "es"].contains(submission.language) else {
            throw RecordViolation(field: "language", "\"\(submission.language)\" is not en or es")
        }
    }
}
