import Compliance
import PostgresNIO

/// One piece of recorded work on a stored hire — what `attest hire terminate`,
/// `attest i9 …` and `attest everify …` record, and the API's matching routes.
public enum HireChange: Sendable, Equatable {
    case terminate(on: CivilDate, reason: String? = nil)
    case section1(on: CivilDate)
    case section2(on: CivilDate, preparer: String)
    case review(on: CivilDate, reviewer: String)
    case documentReceived(on: CivilDate)
    case openCase(EVerifyCaseRecord)
    case tnc(on: CivilDate)
    case refer(on: CivilDate)
    case closeCase(on: CivilDate, reason: String)
    case reverify(ReverificationEntry)
    /// A rehire on Supplement B of the hire's Form I-9 (within three years of it).
    case rehire(on: CivilDate)

    /// Applies the work to `hire`; a step on a case the hire does not have, or a
    /// reverification the rules forbid, is refused.
    public func apply(to hire: inout HireRecord, rules: ComplianceRules) throws {
        switch self {
        case .terminate(let day, let reason):
            hire.terminationDate = day
            hire.terminationReason = reason
            if let violation = RecordRules.terminationViolation(of: hire) { throw violation }
        case .section1(let day): hire.i9.section1CompletedOn = day
        case .section2(let day, let preparer):
            hire.i9.section2CompletedOn = day
            hire.i9.preparerID = preparer
        case .review(let day, let reviewer):
            hire.i9.reviewedOn = day
            hire.i9.reviewerID = reviewer
        case .documentReceived(let day): hire.i9.receiptDocumentReceivedOn = day
        case .openCase(let opened): hire.eVerifyCase = opened
        case .tnc(let day): try Self.updateCase(&hire) { $0.tncIssuedOn = day; $0.status = .tnc }
        case .refer(let day): try Self.updateCase(&hire) { $0.referredOn = day; $0.status = .referred }
        case .closeCase(let day, let reason):
            try Self.updateCase(&hire) { $0.closedOn = day; $0.closureReason = reason; $0.status = .closed }
        case .reverify(let entry): try entry.apply(to: &hire, rules: rules)
        case .rehire(let day):
            if let refusal = rules.rehireRefusal(hire.complianceHire, on: day) {
                throw RecordViolation(field: "rehire", "hire \(hire.externalID) cannot be rehired on Supplement B on \(day): \(refusal)")
            }
            hire.rehiredOn = day
            hire.terminationDate = nil
            hire.terminationReason = nil
        }
    }

    private static func updateCase(_ hire: inout HireRecord, _ change: (inout EVerifyCaseRecord) -> Void) throws {
        guard var eVerifyCase = hire.eVerifyCase else {
            throw RecordViolation(field: "case", "hire \(hire.externalID) has no E-Verify case (record its opening first: `attest everify open`)")
        }
        change(&eVerifyCase)
        hire.eVerifyCase = eVerifyCase
    }
}

extension HireRepository {
    /// Loads the hire, records `change` on it and saves it, reconciling its obligations.
    public func record(_ change: HireChange, hire externalID: String, context: TenantContext,
                       connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        try await update(externalID, context: context, connection: connection, logger: logger) {
            try change.apply(to: &$0, rules: context.rules)
        }
    }

    /// Adds a hire, or updates the employment facts of a stored one (keeping its I-9 and case).
    /// A hire without an E-Verify case is refused unless it records why.
    public func saveFacts(_ facts: HireRecord, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        if let violation = (RecordRules.factViolations(of: facts) + RecordRules.settingViolations(of: facts, settings: context.rules.settings)).first {
            throw RecordViolation(field: violation.field, "hire \(facts.externalID): \(violation.message)")
        }
        var stored = facts
        do {
            stored = try await load(facts.externalID, context: context, connection: connection, logger: logger)
            stored.merge(facts: facts)
        } catch let error as StorageError where error.kind == .notFound {
            stored = facts
        }
        return try await save([stored], context: context, connection: connection, logger: logger).obligations
    }
}

extension HireRecord {
    /// Takes the employment facts of `other`, keeping this record's I-9 and case.
    public mutating func merge(facts other: HireRecord) {
        startDate = other.startDate
        jobBusinessDays = other.jobBusinessDays
        citizenship = other.citizenship
        workAuthorizationExpires = other.workAuthorizationExpires
        documents = other.documents
        receipt = other.receipt
        eVerifyRequired = other.eVerifyRequired
        noCaseReason = other.noCaseReason
        offerAcceptedOn = other.offerAcceptedOn
        remoteExamination = other.remoteExamination
        site = other.site
        preparerID = other.preparerID
    }
}
