import Compliance
import Foundation
import PostgresNIO

/// A tenant's compliance settings and closures, and the shared calendar of federal
/// closures and E-Verify outages: every query on `attest.tenant_settings`,
/// `attest.tenant_closures` and `attest.calendar_days`. Each change recomputes the
/// open obligations it affects, in the same transaction.
public struct CalendarRepository: Sendable {
    /// A day of the shared calendar.
    public enum SharedDayKind: String, Sendable, CaseIterable {
        case federalClosure = "federal_closure"
        case eVerifyOutage = "everify_outage"
    }

    /// Settings that live on the tenant itself (`attest tenant …`), not in this document.
    static let tenantOwnedSettings: Set<String> = ["timeZone", "sendHour", "imageAgreementDate"]

    public init() {}

    /// Validates and stores the tenant's settings document (JSON object; absent keys
    /// keep their defaults), then recomputes the tenant's obligations with the new
    /// rules. Returns the changes.
    public func replaceSettings(json: Data, context: TenantContext, today: CivilDate,
                                connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        do {
            _ = try ComplianceSettings.decode(json: json)
        } catch {
            throw RecordViolation(field: "settings", "\(error)")
        }
        if let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
           let owned = object.keys.sorted().first(where: Self.tenantOwnedSettings.contains) {
            throw RecordViolation(field: owned, "is a property of the tenant: change it with `attest tenant`, not in the settings document")
        }
        try await connection.query("""
            INSERT INTO attest.tenant_settings (tenant_id, settings) VALUES (\(context.tenant.id), \(String(decoding: json, as: UTF8.self))::jsonb)
            ON CONFLICT (tenant_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()
            """, logger: logger)
        try await EventLog.append([Event(action: "settings.replaced", subjectKind: "tenant", subjectID: context.tenant.slug)],
                                  context: context, connection: connection, logger: logger)
        return try await recompute(context: context, today: today, connection: connection, logger: logger)
    }

    /// Adds (or with `remove`, removes) a day the tenant does not operate.
    public func setClosure(_ day: CivilDate, note: String, remove: Bool, context: TenantContext, today: CivilDate,
                           connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        if remove {
            try await connection.query(
                "DELETE FROM attest.tenant_closures WHERE tenant_id = \(context.tenant.id) AND day = \(day.description)::date", logger: logger)
        } else {
            try await connection.query("""
                INSERT INTO attest.tenant_closures (tenant_id, day, note) VALUES (\(context.tenant.id), \(day.description)::date, \(note))
                ON CONFLICT (tenant_id, day) DO UPDATE SET note = EXCLUDED.note
                """, logger: logger)
        }
        try await EventLog.append([Event(action: remove ? "closure.removed" : "closure.added", subjectKind: "tenant",
                                         subjectID: context.tenant.slug, details: ["day": day.description])],
                                  context: context, connection: connection, logger: logger)
        return try await recompute(context: context, today: today, connection: connection, logger: logger)
    }

    /// Adds or removes a shared calendar day (operators only; every tenant's
    /// obligations must then be recomputed, see ``TenantRecompute``).
    public func setSharedDay(_ day: CivilDate, kind: SharedDayKind, catchUp: CivilDate?, note: String, remove: Bool,
                             connection: PostgresConnection, logger: Logger) async throws {
        if let catchUp, catchUp <= day {
            throw RecordViolation(field: "catch_up", "the catch-up date \(catchUp) must be after the outage day \(day)")
        }
        if remove {
            try await connection.query(
                "DELETE FROM attest.calendar_days WHERE day = \(day.description)::date AND kind = \(kind.rawValue)", logger: logger)
        } else {
            try await connection.query("""
                INSERT INTO attest.calendar_days (day, kind, catch_up_on, note)
                VALUES (\(day.description)::date, \(kind.rawValue), \(catchUp?.description)::date, \(note))
                ON CONFLICT (day, kind) DO UPDATE SET catch_up_on = EXCLUDED.catch_up_on, note = EXCLUDED.note
                """, logger: logger)
        }
    }

    /// Reloads the tenant's rules (they changed) and re-derives its obligations.
    private func recompute(context: TenantContext, today: CivilDate, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        let fresh = try await TenantContext.load(tenant: context.tenant, actor: context.actor, connection: connection, logger: logger)
        return try await TenantRecompute().run(context: fresh, today: today, connection: connection, logger: logger)
    }
}
