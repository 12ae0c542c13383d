extension ComplianceRules {
    /// The tenant's yearly items for `year`: the internal I-9 audit and the annual report.
    ///
    /// - Throws: ``RuleError/missingSetting(_:)`` when neither a date nor the IMAGE
    ///   agreement date is set.
    public func annualObligations(year: Int) throws(RuleError) -> [Obligation] {
        var result: [Obligation] = []
        if let audit = try auditDueDate(year: year) {
            result.append(Obligation(kind: .auditAnnual, subject: Subject(.tenant, "tenant"), dueDate: audit, cycle: .year(year)))
        }
        if let report = try reportDueDate(year: year) {
            result.append(Obligation(kind: .reportAnnual, subject: Subject(.tenant, "tenant"), dueDate: report, cycle: .year(year)))
        }
        return result
    }

    /// Internal I-9 audit, at least once a year (ICE IMAGE requirements): due each year on
    /// the setting `auditDate`, by default the IMAGE agreement anniversary. Nil for years
    /// not after the agreement year when the anniversary is used.
    public func auditDueDate(year: Int) throws(RuleError) -> CivilDate? {
        try yearly(settings.auditDate, year: year, setting: "auditDate")
    }

    /// Annual report to ICE (IMAGE best practices): no public due date; default the IMAGE
    /// agreement anniversary, or the setting `reportDate`.
    public func reportDueDate(year: Int) throws(RuleError) -> CivilDate? {
        try yearly(settings.reportDate, year: year, setting: "reportDate")
    }

    private func yearly(_ date: MonthDay?, year: Int, setting: String) throws(RuleError) -> CivilDate? {
        if let date { return date.date(in: year, rule: settings.leapDayRule) }
        guard let agreement = settings.imageAgreementDate else {
            throw .missingSetting("\(setting) or imageAgreementDate")
        }
        guard year > agreement.year else { return nil }
        return agreement.monthDay.date(in: year, rule: settings.leapDayRule)
    }

    /// A person's training renewal: 12 months (setting `trainingValidityMonths`) after
    /// completion (IMAGE best practices: only trained individuals conduct the I-9 process).
    public func obligation(for training: TrainingCompletion) -> Obligation {
        Obligation(kind: .trainingRenewal, subject: Subject(.person, training.personID),
                   dueDate: trainingExpiry(completedOn: training.completedOn), cycle: .after(training.completedOn))
    }

    /// The last day a training completed on `completedOn` counts.
    public func trainingExpiry(completedOn: CivilDate) -> CivilDate {
        completedOn.adding(months: settings.trainingValidityMonths, rule: settings.leapDayRule)
    }

    /// Whether a person with these training completions is trained on `date`: some
    /// completion on or before `date` whose renewal date is not yet past. An untrained
    /// person may not prepare or review a Form I-9.
    public func isTrained(completions: [CivilDate], on date: CivilDate) -> Bool {
        completions.contains { $0 <= date && date <= trainingExpiry(completedOn: $0) }
    }

    /// The training program's yearly update (IMAGE best practices: "updated annually"):
    /// due 12 months (setting `trainingProgramUpdateMonths`) after the current version.
    /// Pass the latest version only.
    public func obligation(for curriculum: CurriculumVersion) -> Obligation {
        let due = curriculum.publishedOn.adding(months: settings.trainingProgramUpdateMonths, rule: settings.leapDayRule)
        return Obligation(kind: .trainingProgramUpdate, subject: Subject(.trainingProgram, curriculum.id),
                          dueDate: due, cycle: .after(curriculum.publishedOn))
    }

    /// Review of an anti-discrimination or hiring policy (IMAGE best practices: safeguards
    /// against discrimination): the law sets no cadence; default 12 months after the last
    /// review (setting `policyReviewMonths`).
    public func obligation(for policy: PolicyRecord) -> Obligation {
        let due = policy.lastReviewedOn.adding(months: settings.policyReviewMonths, rule: settings.leapDayRule)
        return Obligation(kind: .policyReview, subject: Subject(.policy, policy.id), dueDate: due, cycle: .after(policy.lastReviewedOn))
    }

    /// Communication of the IMAGE guidelines to a hiring-network company (IMAGE best
    /// practices): first within 30 days of joining (setting `networkInitialDays`), then
    /// every 12 months (setting `networkCommunicationMonths`).
    public func obligation(for company: NetworkCompany) -> Obligation {
        let subject = Subject(.networkCompany, company.id)
        guard let last = company.lastCommunicatedOn else {
            return Obligation(kind: .networkCommunication, subject: subject,
                              dueDate: company.joinedOn.adding(days: settings.networkInitialDays), cycle: .once)
        }
        let due = last.adding(months: settings.networkCommunicationMonths, rule: settings.leapDayRule)
        return Obligation(kind: .networkCommunication, subject: subject, dueDate: due, cycle: .after(last))
    }
}
