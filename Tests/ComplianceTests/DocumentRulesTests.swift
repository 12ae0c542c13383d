import PropertyBased
import Testing
@testable import Compliance

/// Documents, receipts, extensions and reverification (issue 18, items 2–5 and 10):
/// USCIS M-274 §4.3, §5.1, §6, §7.1; 8 CFR 274a.2(b)(1)(vi), 274a.13(d).
@Suite struct DocumentRulesTests {
    let rules = makeRules()
    let start = day("2026-03-02")

    private func hire(_ status: CitizenshipStatus?, _ documents: [IdentityDocument] = [], authorization: String? = nil) -> Hire {
        Hire(id: "h", startDate: start, citizenship: status, workAuthorizationExpires: authorization.map(day), documents: documents)
    }

    // MARK: Temporary evidence of permanent residence (item 2)

    @Test func temporaryI551StampIsReverifiedWhenItExpires() {
        let stamp = IdentityDocument(kind: .temporaryI551, expires: day("2027-01-20"))
        #expect(rules.reverificationDueDate(hire(.permanentResident, [stamp])) == day("2027-01-20"))
        #expect(rules.reverificationDueDate(hire(nil, [stamp])) == day("2027-01-20"))
    }

    @Test func permanentResidentCardIsNeverReverified() {
        let card = IdentityDocument(kind: .permanentResidentCard, expires: day("2027-01-20"))
        #expect(rules.reverificationDueDate(hire(.permanentResident, [card])) == nil)
        #expect(rules.reverificationExemption(hire(.permanentResident, [card])) == .permanentResident)
    }

    @Test func conditionalResidentCardWithI797IsReverifiedAtTheExtensionsEnd() {
        let c = IdentityDocument(kind: .conditionalI551WithI797, expires: day("2026-01-10"), extension: .notice(until: day("2029-01-10")))
        let b = IdentityDocument(kind: .driversLicense, expires: day("2028-05-01"))
        #expect(rules.reverificationDueDate(hire(.permanentResident, [b, c])) == day("2029-01-10"))
    }

    // MARK: Receipts (item 3)

    @Test(arguments: [
        (ReceiptKind.replacement, nil as String?, "2026-05-31"),
        (.refugeeI94, nil, "2026-05-31"),
        (.temporaryI551, "2026-12-15", "2026-12-15"),
    ])
    func receiptsHaveTheirOwnWindows(kind: ReceiptKind, date: String?, expected: String) throws {
        let shown = Hire(id: "h", startDate: start, receipt: Receipt(kind, date: date.map(day)))
        #expect(due(try rules.obligations(for: shown), .i9ReceiptDocument) == day(expected))
    }

    @Test func noReceiptForAJobOfFewerThanThreeBusinessDays() {
        let short = Hire(id: "h", startDate: start, jobBusinessDays: 2, receipt: Receipt(.replacement))
        #expect(throws: RuleError.self) { try rules.obligations(for: short) }
        do {
            _ = try rules.obligations(for: short)
        } catch {
            #expect(error.field == "receipt")
            #expect(error.description.contains("fewer than three business days"))
        }
    }

    @Test func temporaryI551ReceiptNeedsItsDate() {
        let shown = Hire(id: "h", startDate: start, receipt: Receipt(.temporaryI551))
        #expect(throws: RuleError.self) { try rules.obligations(for: shown) }
    }

    @Test func receiptAtReverificationGivesNinetyDaysFromTheExpiry() throws {
        let shown = Hire(id: "h", startDate: start, receipt: Receipt(.reverification, date: day("2027-01-15")))
        let receipt = try rules.obligations(for: shown).first { $0.kind == .i9ReceiptDocument }
        #expect(receipt?.dueDate == day("2027-04-15"))
        #expect(receipt?.cycle == .after(day("2027-04-15")))
    }

    // MARK: Automatic extensions (item 4)

    @Test(arguments: [
        ("2022-05-03", 180), ("2022-05-04", 540), ("2023-10-26", 540), ("2023-10-27", 180),
        ("2024-04-07", 180), ("2024-04-08", 540), ("2025-10-29", 540),
    ])
    func eadExtensionDependsOnTheFilingDay(filed: String, days: Int) {
        #expect(AutomaticEADExtension.days(forRenewalFiledOn: day(filed)) == days)
    }

    @Test(arguments: ["2025-10-30", "2026-02-01"])
    func noAutomaticExtensionForRenewalsFiledFromOctober30(filed: String) {
        #expect(AutomaticEADExtension.days(forRenewalFiledOn: day(filed)) == nil)
    }

    @Test func expiredEADWithATimelyRenewalIsValidAndReverifiedAtTheExtensionsEnd() throws {
        let ead = IdentityDocument(kind: .ead, expires: day("2026-01-31"), extension: .eadRenewal(filedOn: day("2025-09-15")))
        let extended = hire(.alienAuthorized, [ead])
        #expect(ead.validThrough == day("2027-07-25"))  // 540 days after 2026-01-31
        #expect(due(try rules.obligations(for: extended), .i9Reverification) == day("2027-07-25"))
    }

    @Test func expiredEADRenewedAfterTheInterimRuleIsRefusedWithTheRule() {
        let ead = IdentityDocument(kind: .ead, expires: day("2026-01-31"), extension: .eadRenewal(filedOn: day("2025-11-03")))
        #expect(throws: RuleError.self) { try rules.obligations(for: hire(.alienAuthorized, [ead])) }
        do {
            _ = try rules.obligations(for: hire(.alienAuthorized, [ead]))
        } catch {
            #expect(error.description.contains("2025-10-30"))
            #expect(error.field == "list_a_expires")
        }
    }

    @Test func renewalFiledAfterTheCardExpiredExtendsNothing() {
        let ead = IdentityDocument(kind: .ead, expires: day("2025-06-30"), extension: .eadRenewal(filedOn: day("2025-07-15")))
        #expect(ead.validThrough == day("2025-06-30"))
    }

    @Test func expiredPermanentResidentCardWithAnI797IsAcceptedAndNeverReverified() throws {
        let card = IdentityDocument(kind: .permanentResidentCard, expires: day("2025-11-30"), extension: .notice(until: day("2028-11-30")))
        let resident = hire(.permanentResident, [card])
        #expect(try rules.obligations(for: resident).allSatisfy { $0.kind != .i9Reverification })
    }

    @Test func anExtensionOnlyAppliesToTheDocumentsThatHaveOne() {
        let passport = IdentityDocument(kind: .usPassport, expires: day("2027-01-01"), extension: .eadRenewal(filedOn: day("2026-01-01")))
        #expect(throws: RuleError.self) { try rules.obligations(for: hire(.citizen, [passport])) }
    }

    // MARK: Reverification from List A or C, after termination (item 5)

    @Test func reverificationIsTheEarliestOfSection1AndTheListCDocumentNeverListB() {
        let b = IdentityDocument(kind: .driversLicense, expires: day("2026-06-01"))
        let c = IdentityDocument(kind: .dhsEmploymentAuthorization, expires: day("2027-02-01"))
        #expect(rules.reverificationDueDate(hire(.alienAuthorized, [b, c], authorization: "2027-05-01")) == day("2027-02-01"))
        #expect(rules.reverificationDueDate(hire(.alienAuthorized, [b], authorization: "2027-05-01")) == day("2027-05-01"))
    }

    @Test func noReverificationOrReceiptAfterEmploymentEnded() throws {
        var ended = hire(.alienAuthorized, authorization: "2027-02-01")
        ended.receipt = Receipt(.replacement)
        ended.terminationDate = day("2026-04-15")
        let kinds = try rules.obligations(for: ended).map(\.kind)
        #expect(!kinds.contains(.i9Reverification))
        #expect(!kinds.contains(.i9ReceiptDocument))
        #expect(rules.reverificationExemption(ended) == .employmentEnded(day("2026-04-15")))
    }

    @Test func aListADocumentStandsAlone() {
        let a = IdentityDocument(kind: .usPassport, expires: nil), c = IdentityDocument(kind: .ssnCard, expires: nil)
        #expect(throws: RuleError.self) { try rules.obligations(for: hire(.citizen, [a, c])) }
        #expect(throws: RuleError.self) { try rules.obligations(for: hire(.citizen, [c, c])) }
    }

    @Test func aRecordedReverificationIsKeptAndTheNextOneFollowsTheNewDocument() throws {
        var reverified = hire(.alienAuthorized, [IdentityDocument(kind: .ead, expires: day("2028-01-31"))], authorization: "2026-12-31")
        reverified.reverification = Reverification(on: day("2026-12-20"), answered: day("2026-12-31"))
        let dues = try rules.obligations(for: reverified).filter { $0.kind == .i9Reverification }.map(\.dueDate)
        #expect(dues == [day("2026-12-31"), day("2028-01-31")])
    }

    // MARK: No over-documentation (item 10), as properties

    @Test(arguments: [CitizenshipStatus.citizen, .national])
    func citizensAndNationalsAreNeverReverifiedWhateverTheDocuments(status: CitizenshipStatus) async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...2), Gen.int(in: 0...1_000), Gen.int(in: -1...3_000), Gen.int(in: 0...3)) {
            shape, kinds, days, flags in
            var candidate = hire(status, documents(shape: shape, kinds: kinds, days: days), authorization: flags & 1 == 0 ? "2026-09-01" : nil)
            candidate.receipt = flags & 2 == 0 ? Receipt(.replacement) : nil
            #expect(rules.reverificationDueDate(candidate) == nil)
            #expect(rules.reverificationExemption(candidate) == .citizenOrNational)
        }
    }

    @Test func listBDocumentsAloneAreNeverReverified() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...2), Gen.int(in: 0...3_000)) { kind, days in
            let b = IdentityDocument(kind: DocumentKind.kinds(of: .b)[kind], expires: start.adding(days: days))
            #expect(rules.reverificationDueDate(hire(.alienAuthorized, [b])) == nil)
        }
    }

    /// One List A document (shape 0), List B and C (1) or List C alone (2); `kinds`
    /// picks each kind, `days` the expiry after the start (-1: none).
    private func documents(shape: Int, kinds: Int, days: Int) -> [IdentityDocument] {
        func document(_ list: DocumentList) -> IdentityDocument {
            let choices = DocumentKind.kinds(of: list).filter { $0 != .conditionalI551WithI797 }
            return IdentityDocument(kind: choices[kinds % choices.count], expires: days < 0 ? nil : start.adding(days: days))
        }
        switch shape {
        case 0: return [document(.a)]
        case 1: return [document(.b), document(.c)]
        default: return [document(.c)]
        }
    }
}
