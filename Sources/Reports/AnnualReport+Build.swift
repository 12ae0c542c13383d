import Compliance

extension AnnualReport {
    /// Weighs the year's facts: figures and records per best practice, the monthly
    /// E-Verify series, resolved versus open items, and every exception.
    public init(facts: AnnualReportFacts) {
        let builder = SectionBuilder(facts: facts)
        let sections = ReportSection.ID.allCases.map(builder.section)
        self.init(tenant: facts.tenant, year: facts.year, asOf: facts.asOf, dueOn: facts.reportDueOn, submission: facts.submission,
                  sections: sections, months: builder.months(), items: builder.itemStatus(),
                  exceptions: Self.sorted(builder.obligationExceptions() + builder.flags()))
    }

    private static func sorted(_ exceptions: [ReportException]) -> [ReportException] {
        let order = Dictionary(uniqueKeysWithValues: ReportSection.ID.allCases.enumerated().map { ($1.rawValue, $0) })
        return exceptions.sorted {
            (order[$0.section] ?? 99, $0.date, $0.subject, $0.rule) < (order[$1.section] ?? 99, $1.date, $1.subject, $1.rule)
        }
    }
}

/// Builds the parts of an ``AnnualReport`` from its facts.
struct SectionBuilder {
    let facts: AnnualReportFacts
    let index: ObligationIndex
    /// The last day the report speaks for: the year's end, or the as-of day when earlier.
    let through: CivilDate

    init(facts: AnnualReportFacts) {
        self.facts = facts
        self.index = ObligationIndex(facts.obligations, asOf: facts.asOf)
        let yearEnd = (try? CivilDate(year: facts.year, month: 12, day: 31)) ?? facts.asOf
        self.through = min(yearEnd, facts.asOf)
    }

    func section(_ id: ReportSection.ID) -> ReportSection {
        switch id {
        case .everify: everify()
        case .tnc: tnc()
        case .i9: i9()
        case .training: training()
        case .audit: audit()
        case .nomatch: noMatch()
        case .tips: tips()
        case .selfreports: selfReports()
        case .policies: policies()
        case .network: network()
        case .report: report()
        }
    }

    /// Whether the hire's first E-Verify case was opened by its due date.
    func caseOnTime(_ hire: HireFacts) -> Bool {
        guard let created = hire.caseCreatedOn else { return false }
        return index.onTime(.eVerifyCaseCreation, "hire/\(hire.employeeID)", done: created)
    }

    func months() -> [MonthFigures] {
        var months = (1...12).map { MonthFigures(month: $0, hires: 0, onTime: 0) }
        for hire in facts.hires where hire.startDate.year == facts.year {
            let month = hire.startDate.components.month
            months[month - 1].hires += 1
            if hire.eVerifyRequired && caseOnTime(hire) { months[month - 1].onTime += 1 }
        }
        return months
    }

    func itemStatus() -> [ItemStatus] {
        var status = Dictionary(uniqueKeysWithValues: ReportSection.ID.allCases.map { ($0, ItemStatus(section: $0.rawValue)) })
        for obligation in facts.obligations {
            guard let section = ReportSection.ID(kind: obligation.kind) else { continue }
            switch ObligationOutcome(obligation, asOf: facts.asOf) {
            case .onTime: status[section]?.onTime += 1
            case .late: status[section]?.late += 1
            case .overdue: status[section]?.overdue += 1
            case .pending: status[section]?.pending += 1
            }
        }
        return ReportSection.ID.allCases.compactMap { status[$0] }
    }

    /// Obligations done late or overdue on the as-of day.
    func obligationExceptions() -> [ReportException] {
        facts.obligations.compactMap { obligation in
            guard let section = ReportSection.ID(kind: obligation.kind) else { return nil }
            let rule = obligation.kind.ruleName
            switch ObligationOutcome(obligation, asOf: facts.asOf) {
            case .late:
                let done = obligation.completedOn ?? obligation.dueOn
                return ReportException(section: section, rule: obligation.kind.rawValue, status: .late, subject: obligation.subject,
                                       employeeID: obligation.employeeID, date: obligation.dueOn,
                                       detail: "\(rule): done \(done), \(Self.days(obligation.dueOn.days(to: done))) late")
            case .overdue:
                return ReportException(section: section, rule: obligation.kind.rawValue, status: .overdue, subject: obligation.subject,
                                       employeeID: obligation.employeeID, date: obligation.dueOn,
                                       detail: "\(rule): not done, \(Self.days(obligation.dueOn.days(to: facts.asOf))) overdue on \(facts.asOf)")
            case .onTime, .pending:
                return nil
            }
        }
    }

    /// Facts the practices do not allow, whatever the obligations say.
    func flags() -> [ReportException] {
        var found: [ReportException] = []
        found += hiringFlags()
        for person in facts.staff where !(person.trainedUntil.map { $0 >= through } ?? false) {
            let training = person.trainedUntil.map { "training valid until \($0)" } ?? "no training on record"
            found.append(ReportException(section: .training, rule: "training_not_current", status: .flagged, subject: "person/\(person.personID)",
                                         employeeID: person.personID, date: person.trainedUntil ?? through,
                                         detail: "Prepared \(person.prepared) and reviewed \(person.reviewed) Forms I-9 in \(facts.year); \(training) (not current on \(through))"))
        }
        let kinds = Set(facts.policies.map(\.kind))
        for kind in PolicyKinds.required where !kinds.contains(kind) {
            found.append(ReportException(section: .policies, rule: "policy_missing", status: .flagged, subject: "policy/\(kind)",
                                         employeeID: nil, date: through, detail: "No \(PolicyKinds.label(kind)) policy on record"))
        }
        if facts.audit == nil && index.find(.auditAnnual, "tenant/tenant") == nil {
            found.append(ReportException(section: .audit, rule: "audit_not_recorded", status: .flagged, subject: "tenant/tenant",
                                         employeeID: nil, date: through, detail: "No internal I-9 audit of \(facts.year) is scheduled or recorded"))
        }
        return found
    }

    /// Every hire without an E-Verify case, with its reason or the lack of one, and the
    /// pre-screening exceptions (E-Verify MOU Art. II.A.9–11): prompts for review.
    func hiringFlags() -> [ReportException] {
        var found: [ReportException] = []
        for hire in facts.hires where !hire.eVerifyRequired {
            let reason = hire.noCaseReason.flatMap(NoCaseReason.init(rawValue:))
            let detail = reason.map { "No E-Verify case: \($0.title)" }
                ?? "No E-Verify case and no recorded reason; IMAGE members verify every new hire (E-Verify MOU Art. II.A.11)"
            found.append(ReportException(section: .everify, rule: reason == nil ? "no_case_without_reason" : "everify_no_case", status: .flagged,
                                         subject: "hire/\(hire.employeeID)", employeeID: hire.employeeID, date: hire.startDate, detail: detail))
        }
        for flag in DocumentPatterns(hires: facts.hires).flags {
            found.append(ReportException(section: .i9, rule: "document_pattern", status: .flagged, subject: "tenant/tenant",
                                         employeeID: nil, date: through, detail: flag))
        }
        for (site, detail) in RemoteExaminationUse(hires: facts.hires).flags {
            found.append(ReportException(section: .i9, rule: "remote_examination_inconsistent", status: .flagged,
                                         subject: site.isEmpty ? "tenant/tenant" : "site/\(site)", employeeID: nil, date: through, detail: detail))
        }
        for exception in facts.safeguardExceptions where exception.kind != "no_case_without_reason" {
            found.append(ReportException(section: .everify, rule: exception.kind, status: .flagged, subject: "hire/\(exception.employeeID)",
                                         employeeID: exception.employeeID, date: exception.startDate, detail: exception.detail))
        }
        return found
    }

    /// `1 day`, `3 days`.
    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }
}

/// The policies the IMAGE practices call for.
enum PolicyKinds {
    static let required = ["anti_discrimination", "hiring", "self_reporting", "tip_protocol"]

    static func label(_ kind: String) -> String {
        switch kind {
        case "anti_discrimination": "anti-discrimination"
        case "hiring": "hiring and employment-eligibility"
        case "self_reporting": "self-reporting"
        case "tip_protocol": "tip protocol"
        default: kind
        }
    }
}
