extension ComplianceRules {
    /// E-Verify case creation: no later than the 3rd business day after the employee starts
    /// work for pay, the start day not counted, also for jobs under 3 days
    /// (uscis.gov/e-verify "three-day rule"). When an outage overlaps the original window,
    /// its published catch-up date is the deadline — the one the announcement gives,
    /// never a later one (e-verify.gov outage notices), nor earlier than the three-day
    /// rule's; an outage without one pauses the clock (its days do not count).
    public func eVerifyCaseCreationDueDate(start: CivilDate) throws(RuleError) -> CivilDate {
        let plain = try thirdBusinessDay(after: start, on: calendars.operating)
        let overlapping = calendars.outages.filter { $0.overlaps(from: start, through: plain) }
        guard !overlapping.isEmpty else { return plain }
        if let catchUp = overlapping.compactMap(\.catchUpDate).max() { return max(plain, catchUp) }
        return try thirdBusinessDay(after: start, on: calendars.eVerifyCreation)
    }

    /// Every obligation an E-Verify case yields (TNC actions, closure), without
    /// allocating: `body` receives each one.
    ///
    /// - Throws: ``RuleError`` when the case's dates are out of order.
    public func forEachObligation(for eVerifyCase: EVerifyCase, _ body: (Obligation) -> Void) throws(RuleError) {
        try validate(eVerifyCase)
        let subject = Subject(.eVerifyCase, eVerifyCase.id)
        if let tnc = eVerifyCase.tncIssuedOn {
            let due = try tncEmployerActionDueDate(tncIssuedOn: tnc)
            body(Obligation(kind: .eVerifyTNCEmployerAction, subject: subject, dueDate: due, cycle: .after(tnc)))
        }
        if let referred = eVerifyCase.referredOn {
            let due = try tncEmployeeContactDueDate(referredOn: referred)
            body(Obligation(kind: .eVerifyTNCEmployeeContact, subject: subject, dueDate: due, cycle: .after(referred)))
        }
        if let due = try caseClosureDueDate(eVerifyCase) {
            body(Obligation(kind: .eVerifyCaseClosure, subject: subject, dueDate: due))
        }
    }

    /// Every obligation an E-Verify case yields: TNC actions and closure.
    public func obligations(for eVerifyCase: EVerifyCase) throws(RuleError) -> [Obligation] {
        var result: [Obligation] = []
        try forEachObligation(for: eVerifyCase) { result.append($0) }
        return result
    }

    /// TNC, employer: within 10 federal government working days of the TNC, refer the case
    /// or close it (USCIS I-9 Central). Outage days do not count.
    public func tncEmployerActionDueDate(tncIssuedOn: CivilDate) throws(RuleError) -> CivilDate {
        try step(calendars.eVerifyTNC, 10, after: tncIssuedOn)
    }

    /// TNC, employee: contacts SSA or DHS within 8 federal government working days after
    /// referral (e-verify.gov). Outage days do not count.
    public func tncEmployeeContactDueDate(referredOn: CivilDate) throws(RuleError) -> CivilDate {
        try step(calendars.eVerifyTNC, 8, after: referredOn)
    }

    /// Case closure: every case must be closed (e-verify.gov); the law sets no time.
    /// Default: 3 operating days (setting `caseClosureBusinessDays`) after the final
    /// result, or after creation when no TNC was issued (an immediate result). Nil while a
    /// TNC is unresolved.
    public func caseClosureDueDate(_ eVerifyCase: EVerifyCase) throws(RuleError) -> CivilDate? {
        let base = eVerifyCase.finalResultOn ?? (eVerifyCase.tncIssuedOn == nil ? eVerifyCase.createdOn : nil)
        guard let base else { return nil }
        return try step(calendars.operating, settings.caseClosureBusinessDays, after: base)
    }

    private func validate(_ eVerifyCase: EVerifyCase) throws(RuleError) {
        let created = eVerifyCase.createdOn
        if let tnc = eVerifyCase.tncIssuedOn, tnc < created { throw .dateOrder(later: "TNC date \(tnc)", earlier: "case creation \(created)") }
        if let referred = eVerifyCase.referredOn {
            guard let tnc = eVerifyCase.tncIssuedOn, tnc <= referred else {
                throw .dateOrder(later: "referral date \(referred)", earlier: "the TNC date (a referral needs a TNC)")
            }
        }
        if let result = eVerifyCase.finalResultOn, result < created {
            throw .dateOrder(later: "final result \(result)", earlier: "case creation \(created)")
        }
    }
}
