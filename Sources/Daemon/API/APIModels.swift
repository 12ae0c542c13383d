import Compliance
import Foundation
import Storage

// The JSON shapes of the API (docs/openapi.json names each under components/schemas).
// Absent optional values are left out.

/// `Tenant`.
struct TenantJSON: Encodable, Sendable {
    let id: String
    let slug: String
    let legalName: String
    let timeZone: String
    let imageAgreementDate: String?
    let sendHour: Int
    let createdAt: Date

    init(_ tenant: Tenant) {
        (id, slug, legalName, timeZone) = (tenant.id.lowercasedString, tenant.slug, tenant.legalName, tenant.timeZone)
        (imageAgreementDate, sendHour, createdAt) = (tenant.imageAgreementDate, tenant.sendHour, tenant.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, slug
        case legalName = "legal_name", timeZone = "time_zone", imageAgreementDate = "image_agreement_date"
        case sendHour = "send_hour", createdAt = "created_at"
    }
}

/// `Person`.
struct PersonJSON: Encodable, Sendable {
    let personID: String
    let name: String
    let email: String?
    let roles: [String]
    let lastTrainedOn: String?

    init(_ listing: PersonListing) {
        (personID, name, email) = (listing.person.externalID, listing.person.name, listing.person.email)
        (roles, lastTrainedOn) = (listing.person.roles.map(\.rawValue), listing.lastTrainedOn)
    }

    enum CodingKeys: String, CodingKey {
        case name, email, roles
        case personID = "person_id", lastTrainedOn = "last_trained_on"
    }
}

/// `HireSummary`.
struct HireSummaryJSON: Encodable, Sendable {
    let employeeID: String
    let startDate: String
    let terminationDate: String?
    let citizenship: String?
    let eVerifyRequired: Bool
    let openObligations: Int

    init(_ hire: HireListing) {
        (employeeID, startDate, terminationDate, citizenship) = (hire.externalID, hire.startDate, hire.terminationDate, hire.citizenship)
        (eVerifyRequired, openObligations) = (hire.eVerifyRequired, hire.openObligations)
    }

    enum CodingKeys: String, CodingKey {
        case citizenship
        case employeeID = "employee_id", startDate = "start_date", terminationDate = "termination_date"
        case eVerifyRequired = "everify_required", openObligations = "open_obligations"
    }
}

/// `Hire`: the facts, the Form I-9, the E-Verify case and the obligations.
struct HireJSON: Encodable, Sendable {
    struct I9: Encodable, Sendable {
        let section1CompletedOn, section2CompletedOn, preparer, reviewer, reviewedOn, receiptDocumentReceivedOn: String?
        let reverifiedOn, reverificationAnswered: String?

        enum CodingKeys: String, CodingKey {
            case preparer, reviewer
            case section1CompletedOn = "section1_completed_on", section2CompletedOn = "section2_completed_on"
            case reviewedOn = "reviewed_on", receiptDocumentReceivedOn = "receipt_document_received_on"
            case reverifiedOn = "reverified_on", reverificationAnswered = "reverification_answered"
        }
    }

    struct Case: Encodable, Sendable {
        let caseNumber, createdOn, status: String
        let tncIssuedOn, referredOn, closedOn, closureReason, lateReason: String?

        enum CodingKeys: String, CodingKey {
            case status
            case caseNumber = "case_number", createdOn = "created_on", tncIssuedOn = "tnc_issued_on", referredOn = "referred_on"
            case closedOn = "closed_on", closureReason = "closure_reason", lateReason = "late_reason"
        }
    }

    let employeeID, startDate: String
    let jobDays: Int?
    let terminationDate, citizenship, workAuthorizationExpires: String?
    let documents: [DocumentJSON]
    let receipt, receiptValidUntil, noEverifyReason, offerAcceptedOn, terminationReason, site, rehiredOn, preparer: String?
    let eVerifyRequired, remoteExamination: Bool
    let exceptions: [ExceptionJSON]
    let i9: I9
    let eVerifyCase: Case?
    let obligations: [ObligationJSON]

    init(_ hire: HireRecord, obligations: [ObligationListing]) {
        noEverifyReason = hire.noCaseReason?.rawValue
        offerAcceptedOn = hire.offerAcceptedOn?.description
        terminationReason = hire.terminationReason
        (remoteExamination, site, rehiredOn, preparer) = (hire.remoteExamination, hire.site, hire.rehiredOn?.description, hire.preparerID)
        exceptions = hire.safeguardFacts.exceptions.map { ExceptionJSON(kind: $0.kind, detail: $0.description) }
        employeeID = hire.externalID
        startDate = hire.startDate.description
        jobDays = hire.jobBusinessDays
        terminationDate = hire.terminationDate?.description
        citizenship = hire.citizenship?.rawValue
        workAuthorizationExpires = hire.workAuthorizationExpires?.description
        documents = hire.documents.all.map(DocumentJSON.init)
        receipt = hire.receipt?.kind.rawValue
        receiptValidUntil = hire.receipt?.date?.description
        eVerifyRequired = hire.eVerifyRequired
        let i9 = hire.i9
        self.i9 = I9(section1CompletedOn: i9.section1CompletedOn?.description, section2CompletedOn: i9.section2CompletedOn?.description,
                     preparer: i9.preparerID, reviewer: i9.reviewerID, reviewedOn: i9.reviewedOn?.description,
                     receiptDocumentReceivedOn: i9.receiptDocumentReceivedOn?.description,
                     reverifiedOn: i9.reverification?.on.description, reverificationAnswered: i9.reverification?.answered.description)
        eVerifyCase = hire.eVerifyCase.map {
            Case(caseNumber: $0.caseNumber, createdOn: $0.createdOn.description, status: $0.status.rawValue,
                 tncIssuedOn: $0.tncIssuedOn?.description, referredOn: $0.referredOn?.description, closedOn: $0.closedOn?.description,
                 closureReason: $0.closureReason, lateReason: $0.lateReason?.rawValue)
        }
        self.obligations = obligations.map(ObligationJSON.init)
    }

    enum CodingKeys: String, CodingKey {
        case citizenship, i9, obligations
        case employeeID = "employee_id", startDate = "start_date", jobDays = "job_days", terminationDate = "termination_date"
        case workAuthorizationExpires = "work_authorization_expires", documents, receipt
        case receiptValidUntil = "receipt_valid_until", eVerifyRequired = "everify_required", exceptions
        case noEverifyReason = "no_everify_reason", offerAcceptedOn = "offer_accepted_on", terminationReason = "termination_reason"
        case remoteExamination = "remote_examination", site, rehiredOn = "rehired_on", preparer
        case eVerifyCase = "everify_case"
    }
}

/// `SafeguardException`: a hiring practice the records show was not followed.
struct ExceptionJSON: Encodable, Sendable {
    let kind, detail: String
}

/// `Document`: one Form I-9 document of a hire, with the day it stays valid through.
struct DocumentJSON: Encodable, Sendable {
    let list, kind: String
    let expires, eadRenewalFiledOn, extendedUntil, validThrough: String?

    init(_ document: IdentityDocument) {
        list = document.list.rawValue
        kind = document.kind.rawValue
        expires = document.expires?.description
        eadRenewalFiledOn = document.renewalFiledOn?.description
        extendedUntil = document.extendedUntil?.description
        validThrough = document.validThrough?.description
    }

    enum CodingKeys: String, CodingKey {
        case list, kind, expires
        case eadRenewalFiledOn = "ead_renewal_filed_on", extendedUntil = "extended_until", validThrough = "valid_through"
    }
}

/// `Obligation`.
struct ObligationJSON: Encodable, Sendable {
    let id: String
    let kind, subjectKind, subjectID, cycle, dueOn, status, sourceKey: String
    let completedOn, evidence: String?

    init(_ row: ObligationListing) {
        (id, kind, subjectKind, subjectID, cycle) = (row.id.lowercasedString, row.kind, row.subjectKind, row.subjectID, row.cycle)
        (dueOn, status, sourceKey, completedOn, evidence) = (row.dueOn, row.state, row.sourceKey, row.completedOn, row.evidence)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, cycle, status, evidence
        case subjectKind = "subject_kind", subjectID = "subject_id", dueOn = "due_on", sourceKey = "source_key"
        case completedOn = "completed_on"
    }
}

/// `Delivery`: one e-mail and its outcome.
struct DeliveryJSON: Encodable, Sendable {
    let id: String
    let recipient, status, createdAt, nextAttemptAt: String
    let attempt: Int
    let replyCode: Int?
    let reply, sentAt: String?

    init(_ row: DeliveryListing) {
        (id, recipient, status, createdAt, nextAttemptAt) = (row.id.lowercasedString, row.recipient, row.state, row.createdAt, row.nextAttemptAt)
        (attempt, replyCode, reply, sentAt) = (row.attempt, row.lastCode, row.lastReply, row.sentAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, recipient, status, attempt, reply
        case createdAt = "created_at", nextAttemptAt = "next_attempt_at", replyCode = "reply_code", sentAt = "sent_at"
    }
}

/// `Tip`: metadata, language and public answer — never what the tip says.
struct TipJSON: Encodable, Sendable {
    let tipID, receivedOn, channel, status, language, publicAnswer: String
    let anonymous: Bool
    let acknowledgedOn, investigatedOn, respondedOn, closedOn: String?

    init(_ tip: TipRecord) {
        (tipID, receivedOn, channel, status) = (tip.tipID, tip.receivedOn.description, tip.channel.rawValue, tip.status.rawValue)
        (language, publicAnswer) = (tip.language, tip.publicAnswer)
        (anonymous, acknowledgedOn, respondedOn, closedOn) = (tip.anonymous, tip.acknowledgedOn?.description, tip.respondedOn?.description,
                                                             tip.closedOn?.description)
        investigatedOn = tip.investigatedOn?.description
    }

    enum CodingKeys: String, CodingKey {
        case channel, status, anonymous, language
        case publicAnswer = "public_answer"
        case tipID = "tip_id", receivedOn = "received_on", acknowledgedOn = "acknowledged_on"
        case investigatedOn = "investigated_on", respondedOn = "responded_on", closedOn = "closed_on"
    }
}

/// `Change`: what a write changed — the same answer as a record command's `--json`.
struct ChangeJSON: Encodable, Sendable {
    struct Counts: Encodable, Sendable {
        let inserted, moved, cancelled, completed: Int
    }

    let subject: String
    let obligations: Counts

    init(subject: String, report: ReconcileReport) {
        self.subject = subject
        self.obligations = Counts(inserted: report.inserted, moved: report.moved, cancelled: report.cancelled, completed: report.completed)
    }
}

extension UUID {
    /// The id as PostgreSQL and the command line print it.
    var lowercasedString: String { uuidString.lowercased() }
}
