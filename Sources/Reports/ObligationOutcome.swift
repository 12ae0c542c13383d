import Compliance

/// How an obligation stands on the report's as-of day.
enum ObligationOutcome: Equatable {
    case onTime, late, overdue, pending

    init(_ obligation: ObligationFacts, asOf: CivilDate) {
        if let done = obligation.completedOn {
            self = done <= obligation.dueOn ? .onTime : .late
        } else {
            self = obligation.dueOn < asOf ? .overdue : .pending
        }
    }
}

/// The obligations of a report, found by kind and subject.
struct ObligationIndex {
    private let byKey: [String: ObligationFacts]
    let all: [ObligationFacts]
    let asOf: CivilDate

    init(_ obligations: [ObligationFacts], asOf: CivilDate) {
        // Several cycles of one kind and subject: the latest due date stands for it.
        var byKey: [String: ObligationFacts] = [:]
        for obligation in obligations {
            let key = Self.key(obligation.kind, obligation.subject)
            if let known = byKey[key], known.dueOn >= obligation.dueOn { continue }
            byKey[key] = obligation
        }
        self.byKey = byKey
        self.all = obligations
        self.asOf = asOf
    }

    func find(_ kind: ObligationKind, _ subject: String) -> ObligationFacts? {
        byKey[Self.key(kind, subject)]
    }

    /// The outcome of `kind` for `subject`, nil when no such obligation exists.
    func outcome(_ kind: ObligationKind, _ subject: String) -> ObligationOutcome? {
        find(kind, subject).map { ObligationOutcome($0, asOf: asOf) }
    }

    /// Whether work done on `day` met the obligation's due date (true when there is none).
    func onTime(_ kind: ObligationKind, _ subject: String, done day: CivilDate) -> Bool {
        guard let due = find(kind, subject)?.dueOn else { return true }
        return day <= due
    }

    private static func key(_ kind: ObligationKind, _ subject: String) -> String {
        kind.rawValue + "|" + subject
    }
}

extension ReportSection.ID {
    /// The section an obligation kind reports under; nil for kinds the report leaves
    /// out (the end of retention is a permission; personal renewals show as training).
    init?(kind: ObligationKind) {
        switch kind {
        case .eVerifyCaseCreation: self = .everify
        case .eVerifyTNCEmployerAction, .eVerifyTNCEmployeeContact, .eVerifyCaseClosure: self = .tnc
        case .i9Section1, .i9Section2, .i9SecondaryReview, .i9ReceiptDocument, .i9Reverification: self = .i9
        case .trainingProgramUpdate: self = .training
        case .auditAnnual: self = .audit
        case .noMatchAcknowledge, .noMatchResolve: self = .nomatch
        case .tipAcknowledge, .tipInvestigate, .tipRespond: self = .tips
        case .selfReportCorrect, .selfReportReport: self = .selfreports
        case .policyReview: self = .policies
        case .networkCommunication: self = .network
        case .reportAnnual: self = .report
        case .i9RetentionEnd, .trainingRenewal: return nil
        }
    }
}
