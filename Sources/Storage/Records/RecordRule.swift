import Compliance

/// A rule the records must keep, with the message an operator sees when it is broken.
public struct RecordViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field at fault (a CSV column name or command option).
    public let field: String
    public let message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// The rules of point 2 of the records issue, in one place: identifiers well formed,
/// dates in order, the I-9 preparer and reviewer different people, both trained on
/// the day they acted, and an internal auditor independent of the audited I-9s.
public enum RecordRules {
    /// The latest date a record may carry: the rules count on calendars that end with
    /// 2200, and a deadline derived from a record can lie a few years after it.
    public static let latestRecordDate = try! CivilDate(year: 2195, month: 12, day: 31)  // a valid date: cannot throw

    /// The years a record may name (an audit's, a report's).
    public static let recordYears = 1971...2195

    /// Why a record may not carry `date`, or nil when it may.
    public static func dateProblem(_ date: CivilDate) -> String? {
        date <= latestRecordDate ? nil : "\(date) is after \(latestRecordDate), the latest date a record may carry (the deadlines' calendars end with 2200)"
    }

    /// Letters, digits, `.`, `_`, `-`; 1–64 characters, not starting with punctuation.
    public static func isIdentifier(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        func alnum(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        return alnum(bytes[0]) && bytes.allSatisfy { alnum($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    /// Why `value` is not an identifier, or nil when it is one.
    public static func identifierProblem(_ value: String) -> String? {
        isIdentifier(value) ? nil : "\"\(value)\" is not an id (letters, digits, . _ -; at most 64)"
    }

    /// Everything checkable on the hire alone.
    public static func violations(of hire: HireRecord) -> [RecordViolation] {
        var found: [RecordViolation] = []
        func check(_ ok: Bool, _ field: String, _ message: String) {
            if !ok { found.append(RecordViolation(field: field, message)) }
        }
        check(identifierProblem(hire.externalID) == nil, "employee_id", identifierProblem(hire.externalID) ?? "")
        check(hire.terminationDate.map { $0 >= hire.startDate } ?? true, "termination_date", "is before the start date \(hire.startDate)")
        check(hire.jobBusinessDays.map { $0 > 0 } ?? true, "job_days", "must be a positive number of business days")
        check(hire.workAuthorizationExpires.map { $0 >= hire.startDate } ?? true, "work_authorization_expires", "is before the start date \(hire.startDate)")
        check(hire.terminationReason == nil || hire.terminationDate != nil, "termination_reason", "needs the termination date")
        check(hire.terminationReason.map { !$0.isEmpty && $0.count <= 500 } ?? true, "termination_reason", "must be 1 to 500 characters")
        found += rehireViolations(of: hire)
        check(hire.preparerID.map(isIdentifier) ?? true, "preparer", "\"\(hire.preparerID ?? "")\" is not a person id (letters, digits, . _ -; at most 64)")
        check(hire.site.map(isIdentifier) ?? true, "site", "\"\(hire.site ?? "")\" is not a site id (letters, digits, . _ -; at most 64)")
        check(!hire.remoteExamination || hire.eVerifyRequired, "remote_examination", "the alternative procedure needs an E-Verify case for the hire")
        check(hire.offerAcceptedOn.map { $0 <= hire.startDate } ?? true, "offer_accepted_on", "is after the start date \(hire.startDate)")
        check(hire.noCaseReason == nil || !hire.eVerifyRequired, "no_everify_reason", "is only for a hire without an E-Verify case (everify_required false)")
        for list in DocumentList.allCases {
            guard let kind = hire.documents[list]?.kind, kind.list != list else { continue }
            check(false, "list_\(list.rawValue)_document", "\(kind.rawValue) is a List \(kind.list.rawValue.uppercased()) document")
        }
        found += documentViolations(of: hire)
        found += i9Violations(hire.i9)
        if let eVerifyCase = hire.eVerifyCase { found += caseViolations(eVerifyCase) }
        return found
    }

    /// A rehire on Supplement B lies after the start, within three years of the date
    /// the Form I-9 was completed (8 CFR 274a.2(c)(1)), and after any termination recorded with it.
    private static func rehireViolations(of hire: HireRecord) -> [RecordViolation] {
        guard let rehired = hire.rehiredOn else { return [] }
        let (completed, limit) = hire.complianceHire.supplementBWindow(rule: .february28)
        if rehired <= hire.startDate {
            return [RecordViolation(field: "rehired_on", "is not after the start date \(hire.startDate)")]
        }
        if rehired > limit {
            return [RecordViolation(field: "rehired_on", "is more than three years after the Form I-9 was completed (\(completed)): "
                                    + "a rehire after \(limit) is a new hire with its own Form I-9 and E-Verify case (8 CFR 274a.2(c)(1))")]
        }
        if let ended = hire.terminationDate, ended < rehired {
            return [RecordViolation(field: "termination_date", "is before the rehire (\(rehired)): a rehired employee's termination "
                                    + "date is the end of the employment after the rehire")]
        }
        return []
    }

    /// The rules a hire's facts must keep when they are given (added, imported,
    /// changed), beyond those every save checks: a hire without an E-Verify case says
    /// why, from the fixed list (no selective use of E-Verify). Hires stored before
    /// the reasons existed keep working, flagged as exceptions until given one.
    public static func factViolations(of hire: HireRecord) -> [RecordViolation] {
        var found: [RecordViolation] = []
        if !hire.eVerifyRequired, hire.noCaseReason == nil {
            let reasons = NoCaseReason.allCases.map(\.rawValue).joined(separator: ", ")
            found.append(RecordViolation(field: "no_everify_reason", "a hire without an E-Verify case needs its reason, one of \(reasons): "
                                         + "E-Verify is used for every new hire, never selectively (E-Verify MOU Art. II.A.11)"))
        }
        if let violation = terminationViolation(of: hire) { found.append(violation) }
        return found
    }

    /// The rules that depend on the tenant's settings: remote examination only for an
    /// E-Verify participant in good standing.
    public static func settingViolations(of hire: HireRecord, settings: ComplianceSettings) -> [RecordViolation] {
        guard hire.remoteExamination, !settings.eVerifyGoodStanding else { return [] }
        return [RecordViolation(field: "remote_examination", "only an E-Verify participant in good standing may examine documents remotely "
                                + "(DHS alternative procedure): set eVerifyGoodStanding in the tenant's settings if it is one")]
    }

    /// A termination while a TNC is pending needs a reason unrelated to the TNC.
    public static func terminationViolation(of hire: HireRecord) -> RecordViolation? {
        guard let tnc = hire.safeguardFacts.tncPendingAtTermination, hire.terminationReason == nil else { return nil }
        return RecordViolation(field: "termination_reason", "employment ends while the TNC issued on \(tnc) is pending: record the reason, "
                               + "which must be unrelated to the TNC; \(SafeguardException.noAdverseActionRule)")
    }

    /// The documents and receipt against the Form I-9 rules (one document per list,
    /// valid on the start day, receipts only where accepted).
    private static func documentViolations(of hire: HireRecord) -> [RecordViolation] {
        let compliance = hire.complianceHire
        do throws(RuleError) {
            try ComplianceRules.validateDocuments(compliance)
            try ComplianceRules.validateReceipt(compliance)
            return []
        } catch {
            return [RecordViolation(field: error.field ?? "documents", error.description)]
        }
    }

    private static func i9Violations(_ i9: I9Record) -> [RecordViolation] {
        var found: [RecordViolation] = []
        if (i9.section2CompletedOn == nil) != (i9.preparerID == nil) {
            found.append(RecordViolation(field: "section2_preparer", "Section 2 needs both its date and its preparer"))
        }
        if (i9.reviewedOn == nil) != (i9.reviewerID == nil) {
            found.append(RecordViolation(field: "reviewer", "the secondary review needs both its date and its reviewer"))
        }
        if let preparer = i9.preparerID, preparer == i9.reviewerID {
            found.append(RecordViolation(field: "reviewer", "the secondary reviewer must be a different person from the Section 2 preparer (\(preparer))"))
        }
        if let reviewed = i9.reviewedOn {
            if let section2 = i9.section2CompletedOn, reviewed < section2 {
                found.append(RecordViolation(field: "reviewed_on", "the review (\(reviewed)) is before Section 2 was completed (\(section2))"))
            } else if i9.section2CompletedOn == nil {
                found.append(RecordViolation(field: "reviewed_on", "a review needs a completed Section 2"))
            }
        }
        return found
    }

    private static func caseViolations(_ c: EVerifyCaseRecord) -> [RecordViolation] {
        var found: [RecordViolation] = []
        if !(1...32).contains(c.caseNumber.utf8.count) || !c.caseNumber.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D }) {
            found.append(RecordViolation(field: "everify_case_number", "\"\(c.caseNumber)\" is not an E-Verify case number"))
        }
        if let tnc = c.tncIssuedOn, tnc < c.createdOn {
            found.append(RecordViolation(field: "everify_tnc_on", "the TNC (\(tnc)) is before the case was created (\(c.createdOn))"))
        }
        if let referred = c.referredOn {
            if c.tncIssuedOn.map({ referred < $0 }) ?? true {
                found.append(RecordViolation(field: "everify_referred_on", "a referral needs a TNC issued on or before it"))
            }
        }
        if let closed = c.closedOn, closed < c.createdOn {
            found.append(RecordViolation(field: "everify_closed_on", "the closure (\(closed)) is before the case was created (\(c.createdOn))"))
        }
        return found
    }

    /// Only trained people prepare or review a Form I-9: each must hold a current
    /// training on the day they acted. `trainings` maps person ids to completion dates.
    public static func trainingViolations(of hire: HireRecord, trainings: [String: [CivilDate]], rules: ComplianceRules) -> [RecordViolation] {
        var found: [RecordViolation] = []
        let acts: [(String?, CivilDate?, String, String)] = [
            (hire.i9.preparerID, hire.i9.section2CompletedOn, "section2_preparer", "prepared Section 2"),
            (hire.i9.reviewerID, hire.i9.reviewedOn, "reviewer", "reviewed the verification"),
        ]
        for case let (person?, day?, field, act) in acts where !rules.isTrained(completions: trainings[person] ?? [], on: day) {
            found.append(RecordViolation(field: field, "\(person) \(act) on \(day) without a current I-9 training (only trained people may run the I-9 process)"))
        }
        return found
    }
}
