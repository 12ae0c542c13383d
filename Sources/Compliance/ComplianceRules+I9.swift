extension ComplianceRules {
    /// Every obligation a hire yields (I-9 and E-Verify case creation), in rule order,
    /// without allocating: `body` receives each one.
    ///
    /// - Throws: ``RuleError`` for inconsistent dates (termination or expiry before the
    ///   start, a job length below 1) or a count that leaves the known calendar.
    public func forEachObligation(for hire: Hire, _ body: (Obligation) -> Void) throws(RuleError) {
        try validate(hire)
        let subject = Subject(.hire, hire.id)
        body(Obligation(kind: .i9Section1, subject: subject, dueDate: section1DueDate(hire)))
        let section2 = try section2DueDate(hire)
        body(Obligation(kind: .i9Section2, subject: subject, dueDate: section2))
        if let receipt = receiptDocumentDueDate(hire) {
            let cycle: Cycle = hire.receipt?.kind == .reverification ? .after(receipt) : .once
            body(Obligation(kind: .i9ReceiptDocument, subject: subject, dueDate: receipt, cycle: cycle))
        }
        let review = try secondaryReviewDueDate(section2: hire.section2CompletedOn ?? section2)
        body(Obligation(kind: .i9SecondaryReview, subject: subject, dueDate: review))
        let expiry = reverificationDueDate(hire)
        if let expiry {
            body(Obligation(kind: .i9Reverification, subject: subject, dueDate: expiry, cycle: .after(expiry)))
        }
        if let answered = hire.reverification?.answered, answered != expiry {
            body(Obligation(kind: .i9Reverification, subject: subject, dueDate: answered, cycle: .after(answered)))
        }
        if let end = retentionEndDate(hire) {
            body(Obligation(kind: .i9RetentionEnd, subject: subject, dueDate: end))
        }
        if hire.eVerifyRequired {
            body(Obligation(kind: .eVerifyCaseCreation, subject: subject, dueDate: try eVerifyCaseCreationDueDate(start: hire.startDate)))
        }
    }

    /// Every obligation a hire yields, sorted by due date.
    public func obligations(for hire: Hire) throws(RuleError) -> [Obligation] {
        var result: [Obligation] = []
        try forEachObligation(for: hire) { result.append($0) }
        return result.sorted { ($0.dueDate, $0.kind.rawValue) < ($1.dueDate, $1.kind.rawValue) }
    }

    /// Section 1: completed by the employee no later than the first day of work for pay
    /// (USCIS M-274 §3).
    public func section1DueDate(_ hire: Hire) -> CivilDate {
        hire.startDate
    }

    /// Section 2: within 3 business days of the first day of work for pay, the start day not
    /// counted (Monday start: Thursday); on day 1 for a job of fewer than 3 business days
    /// (USCIS M-274 §4; E-Verify FAQ). Business days are the tenant's operating days; the
    /// setting `countStartDay` counts the start day as day 1.
    public func section2DueDate(_ hire: Hire) throws(RuleError) -> CivilDate {
        if let days = hire.jobBusinessDays, days < 3 { return hire.startDate }
        return try thirdBusinessDay(after: hire.startDate, on: calendars.operating)
    }

    /// Secondary review of each verification (IMAGE best practices): the law sets no
    /// time; default 2 operating days after Section 2 (setting
    /// `secondaryReviewBusinessDays`).
    public func secondaryReviewDueDate(section2: CivilDate) throws(RuleError) -> CivilDate {
        try step(calendars.operating, settings.secondaryReviewBusinessDays, after: section2)
    }

    /// Retention: after termination, keep the form until the later of hire + 3 years and
    /// termination + 1 year (USCIS M-274 §10.0); unknown while employed.
    public func retentionEndDate(_ hire: Hire) -> CivilDate? {
        guard let terminated = hire.terminationDate else { return nil }
        let rule = settings.leapDayRule
        return max(hire.startDate.adding(years: 3, rule: rule), terminated.adding(years: 1, rule: rule))
    }

    private func validate(_ hire: Hire) throws(RuleError) {
        let start = hire.startDate
        if let days = hire.jobBusinessDays, days < 1 { throw .invalidJobLength(days) }
        if let date = hire.terminationDate, date < start { throw .dateBeforeStart("termination date", date, start: start) }
        if let date = hire.workAuthorizationExpires, date < start {
            throw .dateBeforeStart("work authorization expiry", date, start: start)
        }
        try Self.validateDocuments(hire)
        try Self.validateReceipt(hire)
    }
}
