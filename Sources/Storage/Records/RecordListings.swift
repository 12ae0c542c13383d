import Compliance
import Foundation
import PostgresNIO

// Pages of a tenant's records for the operators' API: keyset pagination (rows after
// the last key of the previous page), each query an extension of the repository
// that owns its table.

/// A person with the date of their latest training.
public struct PersonListing: Sendable, Equatable {
    public var person: PersonRecord
    public var lastTrainedOn: String?
}

/// A hire's main facts, for lists.
public struct HireListing: Sendable, Equatable {
    public var externalID: String
    public var startDate: String
    public var terminationDate: String?
    public var citizenship: String?
    public var eVerifyRequired: Bool
    public var openObligations: Int
}

/// A stored obligation.
public struct ObligationListing: Sendable, Equatable {
    public var id: UUID
    public var kind: String
    public var subjectKind: String
    public var subjectID: String
    public var cycle: String
    public var dueOn: String
    public var state: String
    public var completedOn: String?
    public var evidence: String?
    public var sourceKey: String
}

/// Which obligations to list.
public struct ObligationFilter: Sendable, Equatable {
    /// `open`, `done`, `waived` or `cancelled`; all when nil.
    public var state: String?
    /// Only those due strictly before this day.
    public var dueBefore: CivilDate?
    /// Only those of these subjects.
    public var subjects: [Subject]?
    /// The key (due date, id) of the last row of the previous page.
    public var after: (dueOn: CivilDate, id: UUID)?

    public init(state: String? = nil, dueBefore: CivilDate? = nil, subjects: [Subject]? = nil, after: (dueOn: CivilDate, id: UUID)? = nil) {
        self.state = state
        self.dueBefore = dueBefore
        self.subjects = subjects
        self.after = after
    }

    public static func == (lhs: ObligationFilter, rhs: ObligationFilter) -> Bool {
        lhs.state == rhs.state && lhs.dueBefore == rhs.dueBefore && lhs.subjects == rhs.subjects
            && lhs.after?.dueOn == rhs.after?.dueOn && lhs.after?.id == rhs.after?.id
    }
}

extension PeopleRepository {
    /// People ordered by id, after `after`, at most `limit`.
    public func page(after: String?, limit: Int, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [PersonListing] {
        let rows = try await connection.query("""
            SELECT p.external_id, p.name, p.email, p.roles,
                   (SELECT to_char(max(t.completed_on), 'YYYY-MM-DD') FROM attest.trainings AS t
                    WHERE t.tenant_id = p.tenant_id AND t.person_id = p.external_id)
            FROM attest.people AS p
            WHERE p.tenant_id = \(context.tenant.id) AND (\(after)::text IS NULL OR p.external_id > \(after))
            ORDER BY p.external_id
            LIMIT \(limit)
            """, logger: logger)
        return try await rows.decode((String, String, String?, [String], String?).self).reduce(into: []) {
            let person = PersonRecord(externalID: $1.0, name: $1.1, email: $1.2, roles: $1.3.compactMap(PersonRecord.Role.init(rawValue:)))
            $0.append(PersonListing(person: person, lastTrainedOn: $1.4))
        }
    }
}

extension HireRepository {
    /// Hires ordered by employee id, after `after`, at most `limit`.
    public func page(after: String?, limit: Int, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [HireListing] {
        let rows = try await connection.query("""
            SELECT h.external_id, to_char(h.start_date, 'YYYY-MM-DD'), to_char(h.termination_date, 'YYYY-MM-DD'),
                   h.citizenship, h.everify_required,
                   (SELECT count(*)::int FROM attest.obligations AS o
                    WHERE o.tenant_id = h.tenant_id AND o.subject_kind = 'hire' AND o.subject_id = h.external_id AND o.state = 'open')
            FROM attest.hires AS h
            WHERE h.tenant_id = \(context.tenant.id) AND (\(after)::text IS NULL OR h.external_id > \(after))
            ORDER BY h.external_id
            LIMIT \(limit)
            """, logger: logger)
        return try await rows.decode((String, String, String?, String?, Bool, Int).self).reduce(into: []) {
            $0.append(HireListing(externalID: $1.0, startDate: $1.1, terminationDate: $1.2, citizenship: $1.3,
                                  eVerifyRequired: $1.4, openObligations: $1.5))
        }
    }
}

extension ObligationStore {
    /// Obligations matching `filter`, ordered by due date and id, at most `limit`.
    public static func list(_ filter: ObligationFilter, limit: Int, context: TenantContext,
                            connection: PostgresConnection, logger: Logger) async throws -> [ObligationListing] {
        let subjects = filter.subjects ?? []
        let rows = try await connection.query("""
            SELECT o.id, o.kind, o.subject_kind, o.subject_id, o.cycle, to_char(o.due_on, 'YYYY-MM-DD'), o.state,
                   to_char(o.completed_on, 'YYYY-MM-DD'), o.evidence, o.source_key
            FROM attest.obligations AS o
            WHERE o.tenant_id = \(context.tenant.id)
              AND (\(filter.state)::text IS NULL OR o.state = \(filter.state))
              AND (\(filter.dueBefore?.description)::date IS NULL OR o.due_on < \(filter.dueBefore?.description)::date)
              AND (\(filter.subjects == nil) OR (o.subject_kind, o.subject_id) IN (
                    SELECT * FROM unnest(\(subjects.map(\.kind.rawValue))::text[], \(subjects.map(\.id))::text[])))
              AND (\(filter.after?.dueOn.description)::date IS NULL
                   OR (o.due_on, o.id) > (\(filter.after?.dueOn.description)::date, \(filter.after?.id)::uuid))
            ORDER BY o.due_on, o.id
            LIMIT \(limit)
            """, logger: logger)
        return try await rows.decode((UUID, String, String, String, String, String, String, String?, String?, String).self).reduce(into: []) {
            $0.append(ObligationListing(id: $1.0, kind: $1.1, subjectKind: $1.2, subjectID: $1.3, cycle: $1.4, dueOn: $1.5,
                                        state: $1.6, completedOn: $1.7, evidence: $1.8, sourceKey: $1.9))
        }
    }
}

extension EventRecordsRepository {
    /// Tips ordered by id, after `after`, at most `limit`: their metadata, language and
    /// public answer (never the sealed text).
    public func tipPage(after: String?, limit: Int, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [TipRecord] {
        let rows = try await connection.query("""
            SELECT tip_id, to_char(received_on, 'YYYY-MM-DD'), channel, anonymous, status, to_char(acknowledged_on, 'YYYY-MM-DD'),
                   to_char(responded_on, 'YYYY-MM-DD'), to_char(closed_on, 'YYYY-MM-DD'), language, public_answer,
                   to_char(investigated_on, 'YYYY-MM-DD')
            FROM attest.tips
            WHERE tenant_id = \(context.tenant.id) AND (\(after)::text IS NULL OR tip_id > \(after))
            ORDER BY tip_id
            LIMIT \(limit)
            """, logger: logger)
        var tips: [TipRecord] = []
        for try await row in rows.decode((String, String, String, Bool, String, String?, String?, String?, String, String, String?).self) {
            var tip = TipRecord(tipID: row.0, receivedOn: try CivilDate(iso: row.1), channel: TipRecord.Channel(rawValue: row.2) ?? .other)
            tip.anonymous = row.3
            tip.status = TipRecord.Status(rawValue: row.4) ?? .received
            tip.acknowledgedOn = try row.5.map { try CivilDate(iso: $0) }
            tip.respondedOn = try row.6.map { try CivilDate(iso: $0) }
            tip.closedOn = try row.7.map { try CivilDate(iso: $0) }
            tip.language = row.8
            tip.publicAnswer = row.9
            tip.investigatedOn = try row.10.map { try CivilDate(iso: $0) }
            tips.append(tip)
        }
        return tips
    }
}
