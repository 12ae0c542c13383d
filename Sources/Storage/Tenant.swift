import Foundation

/// A client company of the agency: one tenant of Attest.
public struct Tenant: Sendable, Codable, Equatable {
    public var id: UUID
    /// Short stable name used on the command line and in URLs (`acme-foods`).
    public var slug: String
    public var legalName: String
    /// IANA time zone, e.g. `America/Chicago`; deadlines and send hours are local to it.
    public var timeZone: String
    /// The date the IMAGE partnership agreement was signed (`YYYY-MM-DD`), if known.
    public var imageAgreementDate: String?
    /// Local hour (0–23) at which reminders are sent.
    public var sendHour: Int
    /// When the tenant was disabled; a disabled tenant's daemon refuses to start.
    public var disabledAt: Date?
    public var createdAt: Date
    public var contacts: [TenantContact]
    /// Database login roles allowed to act for this tenant (its daemons).
    public var daemonRoles: [String]

    /// Whether the tenant is disabled.
    public var isDisabled: Bool { disabledAt != nil }

    enum CodingKeys: String, CodingKey {
        case id, slug, contacts
        case legalName = "legal_name"
        case timeZone = "time_zone"
        case imageAgreementDate = "image_agreement_date"
        case sendHour = "send_hour"
        case disabledAt = "disabled_at"
        case createdAt = "created_at"
        case daemonRoles = "daemon_roles"
    }
}

/// A person at the tenant who receives reminders.
public struct TenantContact: Sendable, Codable, Equatable {
    /// What the contact is for.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// Receives the tenant's reminders.
        case compliance
        /// The agency operator responsible for the tenant.
        case operatorContact = "operator"
        /// Receives escalations of overdue items.
        case escalation
    }

    public var name: String
    public var email: String
    public var role: Role

    public init(name: String, email: String, role: Role) {
        self.name = name
        self.email = email
        self.role = role
    }
}
