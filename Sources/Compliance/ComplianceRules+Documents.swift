/// Why a hire is never reverified: the rule an operator is shown when recording a
/// reverification is refused (asking for documents the law does not require is an
/// unfair documentary practice, 8 U.S.C. 1324b(a)(6)).
public enum ReverificationExemption: Hashable, Sendable, CustomStringConvertible {
    /// Section 1 attests U.S. citizenship or nationality.
    case citizenOrNational
    /// A lawful permanent resident who did not show temporary evidence of it.
    case permanentResident
    /// Nothing that is reverified expires (List B documents never are).
    case nothingExpires
    /// Employment ended before anything expired.
    case employmentEnded(CivilDate)

    public var description: String {
        switch self {
        case .citizenOrNational:
            "U.S. citizens and noncitizen nationals are never reverified (USCIS M-274 §6.1)"
        case .permanentResident:
            "a lawful permanent resident is never reverified, even when the Form I-551 expires; only temporary evidence "
                + "of permanent residence (a temporary I-551 stamp or immigrant visa) is (USCIS M-274 §6.1, §7.1)"
        case .nothingExpires:
            "only the Section 1 work authorization date and List A or List C documents are reverified, never List B "
                + "documents, and nothing of these expires on this Form I-9 (USCIS M-274 §6.1)"
        case .employmentEnded(let day):
            "employment ended on \(day), before anything expired: there is no reverification after employment ends"
        }
    }
}

extension ComplianceRules {
    /// When the document a receipt stands for is due (8 CFR 274a.2(b)(1)(vi); USCIS
    /// M-274 §4.3): 90 days from the start for a replacement or a refugee I-94; the
    /// stamp's expiry (or one year from admission) for an I-94 with a temporary I-551
    /// stamp; 90 days from the reverified expiry for a receipt shown at reverification.
    /// None once employment ended before that day.
    public func receiptDocumentDueDate(_ hire: Hire) -> CivilDate? {
        guard let receipt = hire.receipt else { return nil }
        let due: CivilDate?
        switch receipt.kind {
        case .replacement, .refugeeI94: due = hire.startDate.adding(days: 90)
        case .temporaryI551: due = receipt.date
        case .reverification: due = receipt.date?.adding(days: 90)
        }
        guard let due, hire.terminationDate.map({ $0 >= due }) ?? true else { return nil }
        return due
    }

    /// Reverification (Supplement B): no later than the earliest of the Section 1 work
    /// authorization expiry and the end of validity of the List A or List C document
    /// (with any extension). Never for citizens, nationals, permanent residents who
    /// showed a Form I-551, or List B documents; temporary evidence of permanent
    /// residence is reverified when it expires (USCIS M-274 §6, §7.1). None once
    /// employment ended before that day. With no attested status, a work-authorization
    /// expiry implies an alien authorized to work.
    /// A rehire on Supplement B whose authorization had expired by the rehire day is
    /// reverified on that day (USCIS M-274 §5.3, Supplement B instructions).
    public func reverificationDueDate(_ hire: Hire) -> CivilDate? {
        guard let expiry = reverificationExpiry(hire), hire.terminationDate.map({ $0 >= expiry }) ?? true else { return nil }
        if let rehired = hire.rehiredOn, expiry < rehired { return rehired }
        return expiry
    }

    /// Why `hire` may not be reverified, or nil when it may (or must) be.
    public func reverificationExemption(_ hire: Hire) -> ReverificationExemption? {
        switch hire.citizenship {
        case .citizen?, .national?: return .citizenOrNational
        case .permanentResident? where temporaryResidenceEvidence(hire) == nil: return .permanentResident
        default: break
        }
        guard let due = reverificationDueDate(hire) ?? reverificationExpiry(hire) else { return .nothingExpires }
        if let ended = hire.terminationDate, ended < due { return .employmentEnded(ended) }
        return nil
    }

    /// The next expiry to reverify: dates a recorded reverification answered (the
    /// Section 1 date it superseded among them) no longer count.
    private func reverificationExpiry(_ hire: Hire) -> CivilDate? {
        let expiry = statusExpiry(hire)
        guard let answered = hire.reverification?.answered else { return expiry }
        return expiry.flatMap { $0 > answered ? $0 : laterExpiry(hire, after: answered) }
    }

    /// After a reverification: the earliest of the dates that still lie ahead of it.
    private func laterExpiry(_ hire: Hire, after answered: CivilDate) -> CivilDate? {
        var remaining = hire
        if let date = remaining.workAuthorizationExpires, date <= answered { remaining.workAuthorizationExpires = nil }
        remaining.documents = hire.documents.filter { $0.validThrough.map { $0 > answered } ?? true }
        remaining.reverification = nil
        return statusExpiry(remaining).flatMap { $0 > answered ? $0 : nil }
    }

    private func statusExpiry(_ hire: Hire) -> CivilDate? {
        switch hire.citizenship {
        case .citizen?, .national?: return nil
        case .permanentResident?: return temporaryResidenceEvidence(hire)?.validThrough
        case .alienAuthorized?: return earliestAuthorizationEnd(hire)
        case nil:
            if hire.workAuthorizationExpires != nil { return earliestAuthorizationEnd(hire) }
            return temporaryResidenceEvidence(hire)?.validThrough
        }
    }

    private func temporaryResidenceEvidence(_ hire: Hire) -> IdentityDocument? {
        hire.documents.first { $0.kind.isTemporaryResidenceEvidence }
    }

    private func earliestAuthorizationEnd(_ hire: Hire) -> CivilDate? {
        var earliest = hire.workAuthorizationExpires
        for document in hire.documents where document.list != .b {
            if let end = document.validThrough { earliest = min(earliest ?? end, end) }
        }
        return earliest
    }

    /// One document per list, List A alone or B with C, each valid on the start day.
    public static func validateDocuments(_ hire: Hire) throws(RuleError) {
        var lists = Set<DocumentList>()
        for document in hire.documents {
            let name = "List \(document.list.rawValue.uppercased())"
            guard lists.insert(document.list).inserted else {
                throw .documents("two \(name) documents: record one document per list", field: "list_\(document.list.rawValue)_document")
            }
            try validateExtension(of: document, name: name)
            if let end = document.validThrough, end < hire.startDate {
                throw .documents("the \(name) document (\(document.kind.rawValue)) expired on \(end), before the start date "
                                 + "\(hire.startDate)" + expiredHint(document), field: "list_\(document.list.rawValue)_expires")
            }
        }
        if lists.contains(.a), lists.count > 1 {
            throw .documents("a List A document together with a List B or C document: the employee presents one List A "
                             + "document or one List B and one List C document, of their choice, and may not be asked for "
                             + "more (8 U.S.C. 1324b(a)(6); Form I-9 instructions)", field: "list_a_document")
        }
    }

    private static func validateExtension(of document: IdentityDocument, name: String) throws(RuleError) {
        guard let extensionOfValidity = document.extensionOfValidity else { return }
        guard let expires = document.expires else {
            throw .documents("an extension of the \(name) document needs the document's expiry", field: "list_\(document.list.rawValue)_expires")
        }
        switch extensionOfValidity {
        case .eadRenewal:
            guard document.kind == .ead else {
                throw .documents("an EAD renewal receipt extends only an EAD (Form I-766): record the List A document as ead", field: "ead_renewal_filed_on")
            }
        case .notice(let until):
            guard [.ead, .permanentResidentCard, .conditionalI551WithI797].contains(document.kind) else {
                throw .documents("an extension notice applies only to an EAD (TPS Federal Register notice), a Form I-551 "
                                 + "(Form I-797 for an I-90 or N-400) or a conditional Form I-551 (Form I-797 for an I-751 or I-829)", field: "list_\(document.list.rawValue)_extended_until")
            }
            guard until > expires else {
                throw .documents("the extension ends on \(until), not after the document's expiry \(expires)", field: "list_\(document.list.rawValue)_extended_until")
            }
        }
    }

    private static func expiredHint(_ document: IdentityDocument) -> String {
        switch (document.kind, document.extensionOfValidity) {
        case (.ead, .eadRenewal(let filed)?) where filed >= AutomaticEADExtension.endedOn:
            "; its renewal was filed on \(filed), on or after \(AutomaticEADExtension.endedOn), when automatic EAD "
                + "extensions ended (a TPS extension by Federal Register notice is recorded as extended_until)"
        case (.ead, .eadRenewal(let filed)?):
            "; its renewal was filed on \(filed), after the card expired, so it is not automatically extended"
        case (.ead, nil):
            "; an expired EAD is acceptable only while automatically extended by a timely renewal (Form I-797C): "
                + "record ead_renewal_filed_on (8 CFR 274a.13(d))"
        case (.permanentResidentCard, nil):
            "; an expired Form I-551 is acceptable with a Form I-797 extending it: record extended_until"
        default:
            ""
        }
    }

    /// A receipt is never accepted for a job of fewer than three business days, and
    /// the receipts that set their own due date carry it.
    public static func validateReceipt(_ hire: Hire) throws(RuleError) {
        guard let receipt = hire.receipt else { return }
        if let days = hire.jobBusinessDays, days < 3, receipt.kind != .reverification {
            throw .documents("a receipt is not acceptable for employment of fewer than three business days: the "
                             + "documents themselves are examined (8 CFR 274a.2(b)(1)(vi); USCIS M-274 §4.3)", field: "receipt")
        }
        switch receipt.kind {
        case .replacement, .refugeeI94:
            if receipt.date != nil { throw .documents("only a temporary_i551 receipt has a valid-until date", field: "receipt_valid_until") }
        case .temporaryI551:
            guard let date = receipt.date else {
                throw .documents("a temporary_i551 receipt needs receipt_valid_until: the stamp's expiry, or one year from admission", field: "receipt_valid_until")
            }
            if date < hire.startDate { throw .dateBeforeStart("receipt_valid_until", date, start: hire.startDate) }
        case .reverification:
            if receipt.date == nil { throw .documents("a receipt shown at reverification needs the expiry it answers", field: "receipt") }
        }
    }
}

/// Why a rehire cannot be recorded on Supplement B of the original Form I-9: the
/// employee is a new hire, with a new Form I-9 and an E-Verify case.
public enum RehireRefusal: Hashable, Sendable, CustomStringConvertible {
    /// Still employed: no termination recorded before the rehire day.
    case notTerminated
    /// More than three years after the original Form I-9 was completed.
    case afterThreeYears(formCompleted: CivilDate, limit: CivilDate)

    public var description: String {
        switch self {
        case .notTerminated:
            "the hire's employment has not ended before the rehire day: record the termination first"
        case .afterThreeYears(let completed, let limit):
            "the original Form I-9 was completed on \(completed); a rehire on Supplement B is allowed until \(limit) "
                + "(three years, 8 CFR 274a.2(c)(1)): later, the employee is a new hire — add a new hire record with its own "
                + "Form I-9 and E-Verify case"
        }
    }
}

extension ComplianceRules {
    /// Why `hire` cannot be rehired on Supplement B on `day`, or nil when it can: the
    /// employment ended before, and the day is within three years of the date the
    /// original Form I-9 was completed (Section 2, else the start) (8 CFR 274a.2(c)(1)).
    public func rehireRefusal(_ hire: Hire, on day: CivilDate) -> RehireRefusal? {
        guard let ended = hire.terminationDate, ended < day else { return .notTerminated }
        let window = hire.supplementBWindow(rule: settings.leapDayRule)
        return day <= window.lastRehireDay ? nil : .afterThreeYears(formCompleted: window.formCompleted, limit: window.lastRehireDay)
    }
}

extension Hire {
    /// The day the Form I-9 was completed (Section 2, else the start) and the last day
    /// a rehire may be recorded on its Supplement B, three years later (8 CFR 274a.2(c)(1)).
    public func supplementBWindow(rule: LeapDayRule) -> (formCompleted: CivilDate, lastRehireDay: CivilDate) {
        let completed = section2CompletedOn ?? startDate
        return (completed, completed.adding(years: 3, rule: rule))
    }
}
