import Compliance
import Foundation
import PostgresNIO

/// A tenant's calendar feeds (`attest.calendar_feeds`) and what they show: every query
/// of the feeds.
public struct CalendarFeedRepository: Sendable {
    /// How long a completed or cancelled obligation stays in the feeds, cancelled, so
    /// that calendar clients that poll remove its event.
    public static let closedKept: TimeInterval = 2 * 86_400
    /// At most this many events in a feed (the earliest due).
    public static let eventLimit = 5_000

    public init() {}

    /// Makes a feed of the tenant's (or `person`'s) work; returns it with its token,
    /// which is never stored (only its SHA-256) and cannot be shown again.
    public func create(person: String?, context: TenantContext, connection: PostgresConnection,
                       logger: Logger) async throws -> (feed: CalendarFeed, token: String) {
        if let person, try await PeopleRepository().existing([person], context: context, connection: connection, logger: logger).isEmpty {
            throw RecordViolation(field: "person", "\(person) is not a recorded person of \(context.tenant.slug)")
        }
        let token = APITokenSecret.generate(prefix: APITokenSecret.calendarPrefix)
        let rows = try await connection.query("""
            INSERT INTO attest.calendar_feeds (tenant_id, token_hash, person_id)
            VALUES (\(context.tenant.id), \(Data(APITokenSecret.hash(token))), \(person))
            RETURNING id, created_at
            """, logger: logger)
        for try await (id, created) in rows.decode((UUID, Date).self) {
            try await EventLog.append([Event(action: "calendar_feed.created", subjectKind: "calendar_feed", subjectID: id.uuidString.lowercased(),
                                             details: person.map { ["person": $0] } ?? [:])],
                                      context: context, connection: connection, logger: logger)
            return (CalendarFeed(id: id, person: person, createdAt: created, revokedAt: nil), token)
        }
        throw StorageError(.invalidInput, "the feed was not stored")
    }

    /// The tenant's feeds, newest first.
    public func list(context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [CalendarFeed] {
        let rows = try await connection.query("""
            SELECT id, person_id, created_at, revoked_at FROM attest.calendar_feeds
            WHERE tenant_id = \(context.tenant.id) ORDER BY created_at DESC, id
            """, logger: logger)
        var feeds: [CalendarFeed] = []
        for try await (id, person, created, revoked) in rows.decode((UUID, String?, Date, Date?).self) {
            feeds.append(CalendarFeed(id: id, person: person, createdAt: created, revokedAt: revoked))
        }
        return feeds
    }

    /// Revokes a feed: its address answers 404 from now on. False when no live feed of
    /// the tenant has this id.
    public func revoke(_ id: UUID, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("""
            UPDATE attest.calendar_feeds SET revoked_at = now()
            WHERE tenant_id = \(context.tenant.id) AND id = \(id) AND revoked_at IS NULL RETURNING id
            """, logger: logger)
        guard try await rows.decode(UUID.self).first(where: { _ in true }) != nil else { return false }
        try await EventLog.append([Event(action: "calendar_feed.revoked", subjectKind: "calendar_feed", subjectID: id.uuidString.lowercased())],
                                  context: context, connection: connection, logger: logger)
        return true
    }

    /// The live feed whose token this is, or nil (unknown, another tenant's, revoked).
    public func feed(token: String, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> CalendarFeed? {
        guard APITokenSecret.isWellFormed(token, prefix: APITokenSecret.calendarPrefix) else { return nil }
        let rows = try await connection.query("""
            SELECT id, person_id, created_at FROM attest.calendar_feeds
            WHERE tenant_id = \(context.tenant.id) AND token_hash = \(Data(APITokenSecret.hash(token))) AND revoked_at IS NULL
            """, logger: logger)
        for try await (id, person, created) in rows.decode((UUID, String?, Date).self) {
            return CalendarFeed(id: id, person: person, createdAt: created, revokedAt: nil)
        }
        return nil
    }

    /// What `feed` shows at `now`: the open obligations (of its person, when it has
    /// one: the work ``ResponsibleParties`` gives them), and those closed in the last
    /// ``closedKept``, earliest due first.
    public func entries(of feed: CalendarFeed, now: Date, context: TenantContext, connection: PostgresConnection,
                        logger: Logger) async throws -> [CalendarEntry] {
        let rows = try await connection.query("""
            SELECT source_key, kind, subject_kind, subject_id, cycle, to_char(due_on, 'YYYY-MM-DD'), state <> 'open', updated_at
            FROM attest.obligations
            WHERE tenant_id = \(context.tenant.id) AND (state = 'open' OR updated_at >= \(now.addingTimeInterval(-Self.closedKept)))
            ORDER BY due_on, source_key LIMIT \(Self.eventLimit)
            """, logger: logger)
        var found: [(entry: CalendarEntry, subject: Subject, cycle: String)] = []
        for try await (key, kind, subjectKind, subjectID, cycle, due, closed, updated)
                in rows.decode((String, String, String, String, String, String, Bool, Date).self) {
            guard let kind = ObligationKind(rawValue: kind), let subjectKind = Subject.Kind(rawValue: subjectKind) else { continue }
            let entry = CalendarEntry(sourceKey: key, kind: kind, subject: "\(subjectKind.rawValue)/\(subjectID)", dueOn: try CivilDate(iso: due),
                                      isClosed: closed, updatedAt: updated)
            found.append((entry, Subject(subjectKind, subjectID), cycle))
        }
        guard let person = feed.person else { return found.map(\.entry) }
        let hires = Set(found.filter { $0.subject.kind == .hire }.map(\.subject.id))
        let routing = try await RoutingRepository().routing(hires: Array(hires), context: context, connection: connection, logger: logger)
        return found.filter { item in
            routing.assignees(kind: item.entry.kind, subject: item.subject, cycleKey: item.cycle).contains { $0.personID == person }
        }.map(\.entry)
    }
}
