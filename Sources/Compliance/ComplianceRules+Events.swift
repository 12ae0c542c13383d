extension ComplianceRules {
    /// A no-match letter: acknowledge within 30 days and resolve (documenting the
    /// definitive resolution) within 90 days of receipt, both tenant settings
    /// (`noMatchAcknowledgeDays`, `noMatchResolveDays`). The 2007 safe-harbor windows were
    /// rescinded in 2009: no law sets them (ssa.gov/employer/notices.html; IMAGE best
    /// practices).
    public func obligations(for letter: NoMatchLetter) -> [Obligation] {
        let subject = Subject(.noMatchLetter, letter.id)
        return [
            Obligation(kind: .noMatchAcknowledge, subject: subject, dueDate: letter.receivedOn.adding(days: settings.noMatchAcknowledgeDays)),
            Obligation(kind: .noMatchResolve, subject: subject, dueDate: letter.receivedOn.adding(days: settings.noMatchResolveDays)),
        ]
    }

    /// A tip (IMAGE best practices: a tip mechanism and a protocol for responding):
    /// acknowledge within 2, start investigating within 5 and respond within 10
    /// operating days of receipt, all tenant settings (`tipAcknowledgeBusinessDays`,
    /// `tipInvestigateBusinessDays`, `tipRespondBusinessDays`).
    public func obligations(for tip: Tip) throws(RuleError) -> [Obligation] {
        let subject = Subject(.tip, tip.id)
        let acknowledge = try step(calendars.operating, settings.tipAcknowledgeBusinessDays, after: tip.receivedOn)
        let investigate = try step(calendars.operating, settings.tipInvestigateBusinessDays, after: tip.receivedOn)
        let respond = try step(calendars.operating, settings.tipRespondBusinessDays, after: tip.receivedOn)
        return [
            Obligation(kind: .tipAcknowledge, subject: subject, dueDate: acknowledge),
            Obligation(kind: .tipInvestigate, subject: subject, dueDate: investigate),
            Obligation(kind: .tipRespond, subject: subject, dueDate: respond),
        ]
    }

    /// A self-reported violation (IMAGE best practices: a self-reporting procedure): report
    /// it within 10 operating days of discovery (setting `selfReportReportBusinessDays`)
    /// and correct it by its follow-up date, or within 30 days of discovery (setting
    /// `selfReportCorrectDays`).
    public func obligations(for report: SelfReport) throws(RuleError) -> [Obligation] {
        if let followUp = report.followUpOn, followUp < report.discoveredOn {
            throw .dateOrder(later: "follow-up date \(followUp)", earlier: "discovery \(report.discoveredOn)")
        }
        let subject = Subject(.selfReport, report.id)
        let correct = report.followUpOn ?? report.discoveredOn.adding(days: settings.selfReportCorrectDays)
        let reportBy = try step(calendars.operating, settings.selfReportReportBusinessDays, after: report.discoveredOn)
        return [
            Obligation(kind: .selfReportReport, subject: subject, dueDate: reportBy),
            Obligation(kind: .selfReportCorrect, subject: subject, dueDate: correct),
        ]
    }
}
