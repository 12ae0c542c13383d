import Foundation

/// What a tenant's records say about who does what: its people with their roles and
/// addresses, the preparers and reviewers named for its hires, and its audits' auditors.
/// Loaded by ``RoutingRepository`` for the obligations at hand; read by
/// ``ResponsibleParties``.
public struct RoutingFacts: Sendable, Equatable {
    /// A person of the tenant, as routing sees them.
    public struct Person: Sendable, Equatable {
        public let id: String
        public let name: String
        public let email: String?
        public let roles: Set<PersonRecord.Role>

        public init(id: String, name: String, email: String?, roles: Set<PersonRecord.Role>) {
            self.id = id
            self.name = name
            self.email = email
            self.roles = roles
        }
    }

    /// Who is named for a hire's Form I-9.
    public struct HireAssignment: Sendable, Equatable {
        /// The preparer assigned to the hire (`hires.preparer_id`).
        public var assignedPreparer: String?
        /// Who completed Section 2 (`i9_records.preparer_id`).
        public var section2Preparer: String?
        /// The secondary reviewer named on the Form I-9 record.
        public var reviewer: String?

        public init(assignedPreparer: String? = nil, section2Preparer: String? = nil, reviewer: String? = nil) {
            self.assignedPreparer = assignedPreparer
            self.section2Preparer = section2Preparer
            self.reviewer = reviewer
        }
    }

    /// Who audits a year's Form I-9s.
    public struct AuditAssignment: Sendable, Equatable {
        /// The internal auditor (a person), if the audit is internal.
        public var auditor: String?
        /// The external firm's name, if it is not.
        public var firm: String?

        public init(auditor: String? = nil, firm: String? = nil) {
            self.auditor = auditor
            self.firm = firm
        }
    }

    /// The tenant's people, by id, in id order.
    public var people: [Person]
    /// Assignments by hire id.
    public var hires: [String: HireAssignment]
    /// Audits by year (the audit obligation's cycle key).
    public var audits: [String: AuditAssignment]

    public init(people: [Person] = [], hires: [String: HireAssignment] = [:], audits: [String: AuditAssignment] = [:]) {
        self.people = people.sorted { $0.id < $1.id }
        self.hires = hires
        self.audits = audits
        byID = Dictionary(uniqueKeysWithValues: self.people.map { ($0.id, $0) })
    }

    private let byID: [String: Person]

    /// The person with this id, if recorded.
    public func person(_ id: String?) -> Person? {
        id.flatMap { byID[$0] }
    }

    /// The people who hold `role`, in id order.
    public func people(with role: PersonRecord.Role) -> [Person] {
        people.filter { $0.roles.contains(role) }
    }
}
