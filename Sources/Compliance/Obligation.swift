/// One thing someone must do by a date, derived by a rule from source records.
public struct Obligation: Hashable, Sendable {
    /// What must be done.
    public let kind: ObligationKind
    /// The record it is about (a hire, a case, a person, the tenant …).
    public let subject: Subject
    /// The last day it may be done.
    public let dueDate: CivilDate
    /// Which occurrence this is, for rules that repeat.
    public let cycle: Cycle

    public init(kind: ObligationKind, subject: Subject, dueDate: CivilDate, cycle: Cycle = .once) {
        self.kind = kind
        self.subject = subject
        self.dueDate = dueDate
        self.cycle = cycle
    }

    /// Deterministic key `kind:subject:cycle`, e.g. `i9_section2:hire/42:once`. It does not
    /// contain the due date, so a changed due date updates the same obligation.
    public var sourceKey: String {
        "\(kind.rawValue):\(subject.kind.rawValue)/\(subject.id):\(cycle.key)"
    }
}

/// The record an obligation is about.
public struct Subject: Hashable, Sendable, Codable {
    /// The kind of record; raw values appear in source keys.
    public enum Kind: String, Hashable, Sendable, Codable {
        case hire
        case eVerifyCase = "everify_case"
        case person
        case tenant
        case trainingProgram = "training_program"
        case policy
        case networkCompany = "network_company"
        case noMatchLetter = "nomatch_letter"
        case tip
        case selfReport = "self_report"
    }

    public let kind: Kind
    /// The record's identifier (should not contain `:`).
    public let id: String

    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    /// `kind/id`, e.g. `hire/42`.
    public var key: String { kind.rawValue + "/" + id }
}

/// Which occurrence of a rule an obligation belongs to.
public enum Cycle: Hashable, Sendable {
    /// A one-time obligation.
    case once
    /// A yearly obligation for a calendar year (audit, annual report).
    case year(Int)
    /// The occurrence that follows a dated event (a completion, an expiry, a TNC).
    case after(CivilDate)

    /// `once`, `2026`, or the ISO date.
    public var key: String {
        switch self {
        case .once: "once"
        case .year(let year): String(year)
        case .after(let date): date.description
        }
    }
}
