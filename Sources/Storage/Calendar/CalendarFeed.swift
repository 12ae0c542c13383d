import Compliance
import Foundation

/// A calendar feed of a tenant: its open obligations, or one person's (the work they are
/// responsible for), served at a secret address.
public struct CalendarFeed: Sendable, Equatable, Codable {
    public var id: UUID
    /// The person whose work it shows; nil: the whole tenant's.
    public var person: String?
    public var createdAt: Date
    public var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, person
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}

/// One event of a feed: an obligation, open or closed in the last days.
public struct CalendarEntry: Sendable, Equatable {
    /// The obligation's source key: the event's UID, so that a moved due date updates the
    /// event a calendar client already has.
    public let sourceKey: String
    public let kind: ObligationKind
    /// `hire/E-1` and so on.
    public let subject: String
    public let dueOn: CivilDate
    /// Completed, waived or cancelled: the event says `STATUS:CANCELLED`.
    public let isClosed: Bool
    /// When the obligation last changed.
    public let updatedAt: Date
}
