import Compliance
import Foundation
import PostgresNIO

/// One tenant's working context inside a transaction: its id, the rules built from
/// its settings and calendars, and who is acting (for the event trail).
public struct TenantContext: Sendable {
    public let tenant: Tenant
    public let rules: ComplianceRules
    /// Who made the change: `os:USER` for the command line, `token:NAME` for the API,
    /// `daemon` for the daemon itself.
    public let actor: String

    /// Loads the tenant's settings, closures and the shared calendar on `connection`.
    public static func load(tenant: Tenant, actor: String, connection: PostgresConnection, logger: Logger) async throws -> TenantContext {
        var settings = try await storedSettings(tenant: tenant, connection: connection, logger: logger)
        settings.timeZone = tenant.timeZone
        settings.sendHour = tenant.sendHour
        if let agreement = tenant.imageAgreementDate, settings.imageAgreementDate == nil {
            settings.imageAgreementDate = try? CivilDate(iso: agreement)
        }
        let calendar = try await calendarData(tenant: tenant, connection: connection, logger: logger)
        do {
            return TenantContext(tenant: tenant, rules: try ComplianceRules(settings: settings, calendarData: calendar), actor: actor)
        } catch {
            throw StorageError(.invalidInput, "tenant \(tenant.slug) has invalid settings: \(error)")
        }
    }

    private static func storedSettings(tenant: Tenant, connection: PostgresConnection, logger: Logger) async throws -> ComplianceSettings {
        let rows = try await connection.query(
            "SELECT settings::text FROM attest.tenant_settings WHERE tenant_id = \(tenant.id)", logger: logger)
        for try await json in rows.decode(String.self) {
            do {
                return try ComplianceSettings.decode(json: Data(json.utf8))
            } catch {
                throw StorageError(.invalidInput, "tenant \(tenant.slug) has invalid stored settings: \(error)")
            }
        }
        return ComplianceSettings()
    }

    private static func calendarData(tenant: Tenant, connection: PostgresConnection, logger: Logger) async throws -> CalendarData {
        var data = CalendarData()
        for closure in try await CalendarRepository.closures(tenant: tenant.id, connection: connection, logger: logger) {
            data.tenantClosures.append(try Closure(first: CivilDate(iso: closure.day), reason: closure.note))
        }
        let shared = try await connection.query("""
            SELECT to_char(day, 'YYYY-MM-DD'), kind, to_char(catch_up_on, 'YYYY-MM-DD'), note
            FROM attest.calendar_days ORDER BY day
            """, logger: logger)
        for try await (day, kind, catchUp, note) in shared.decode((String, String, String?, String).self) {
            let date = try CivilDate(iso: day)
            if kind == "everify_outage" {
                data.eVerifyOutages.append(try EVerifyOutage(first: date, last: date, catchUpDate: catchUp.map { try CivilDate(iso: $0) }))
            } else {
                data.federalClosures.append(try Closure(first: date, reason: note))
            }
        }
        return data
    }
}
