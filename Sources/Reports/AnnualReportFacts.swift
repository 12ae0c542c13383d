import Compliance

/// What the records of one tenant show for one year: the input of ``AnnualReport``.
/// Plain values, loaded by Storage's `AnnualReportRepository`; no Social Security number
/// and no personal data beyond ids.
public struct AnnualReportFacts: Sendable, Equatable {
    public var tenant: ReportTenant
    public var year: Int
    /// The day the records are read as of: open items due before it are overdue.
    public var asOf: CivilDate
    /// When the annual report of `year` is due, if the tenant's settings say.
    public var reportDueOn: CivilDate?
    public var submission: ReportSubmission?
    /// Hires whose first day of work falls in the year.
    public var hires: [HireFacts] = []
    /// E-Verify cases with a TNC issued in the year.
    public var tncCases: [TNCFacts] = []
    /// People who prepared or reviewed a Form I-9 in the year.
    public var staff: [StaffFacts] = []
    /// Curriculum versions of the training program, newest first.
    public var curriculumVersions: [CurriculumFacts] = []
    public var audit: AuditFacts?
    /// No-match letters received in the year.
    public var letters: [LetterFacts] = []
    /// Tips received in the year.
    public var tips: [TipFacts] = []
    /// Self-reports of violations discovered in the year.
    public var selfReports: [SelfReportFacts] = []
    /// Every policy on record.
    public var policies: [PolicyFacts] = []
    /// Companies of the hiring network that had joined by the end of the year.
    public var companies: [CompanyFacts] = []
    /// Obligations that fell due in the year or belong to the year's records (not
    /// cancelled); retention ends and personal training renewals are left out.
    public var obligations: [ObligationFacts] = []
    /// Hiring-safeguard exceptions of the year's hires (pre-screening …).
    public var safeguardExceptions: [SafeguardFacts] = []

    public init(tenant: ReportTenant, year: Int, asOf: CivilDate) {
        self.tenant = tenant
        self.year = year
        self.asOf = asOf
    }
}

/// The tenant a report is about.
public struct ReportTenant: Sendable, Equatable, Codable {
    public var slug: String
    public var legalName: String
    public var imageAgreementDate: CivilDate?

    public init(slug: String, legalName: String, imageAgreementDate: CivilDate? = nil) {
        self.slug = slug
        self.legalName = legalName
        self.imageAgreementDate = imageAgreementDate
    }

    enum CodingKeys: String, CodingKey {
        case slug
        case legalName = "legal_name"
        case imageAgreementDate = "image_agreement_date"
    }
}

/// The recorded submission of the report to ICE.
public struct ReportSubmission: Sendable, Equatable, Codable {
    public var submittedOn: CivilDate
    public var reference: String

    public init(submittedOn: CivilDate, reference: String) {
        self.submittedOn = submittedOn
        self.reference = reference
    }

    enum CodingKeys: String, CodingKey {
        case reference
        case submittedOn = "submitted_on"
    }
}

/// A hire of the year with its Form I-9 and first E-Verify case.
public struct HireFacts: Sendable, Equatable {
    public var employeeID: String
    public var startDate: CivilDate
    public var eVerifyRequired = true
    public var section2CompletedOn: CivilDate?
    public var reviewedOn: CivilDate?
    public var caseCreatedOn: CivilDate?
    /// Why a case was opened late (`everify_outage`, `ssn_awaited`, `other`).
    public var lateReason: String?
    /// Why the hire has no E-Verify case (a ``NoCaseReason`` raw value), if recorded.
    public var noCaseReason: String?
    /// The status attested in Section 1 (a ``CitizenshipStatus`` raw value), if recorded.
    public var citizenship: String?
    /// The lists of the documents recorded (`a`, `bc`, `b`, `c`, or empty for none).
    public var documentLists = ""
    /// The documents were examined remotely (DHS alternative procedure).
    public var remoteExamination = false
    /// The site the hire works at, if recorded.
    public var site: String?

    public init(employeeID: String, startDate: CivilDate) {
        self.employeeID = employeeID
        self.startDate = startDate
    }
}

/// An E-Verify case with a tentative nonconfirmation.
public struct TNCFacts: Sendable, Equatable {
    public var caseNumber: String
    public var employeeID: String
    public var tncIssuedOn: CivilDate
    public var referredOn: CivilDate?
    public var finalResultOn: CivilDate?
    public var closedOn: CivilDate?
    /// E-Verify's status: `tnc`, `referred`, `employment_authorized`, `final_nonconfirmation`, `closed`.
    public var status: String

    public init(caseNumber: String, employeeID: String, tncIssuedOn: CivilDate, status: String) {
        self.caseNumber = caseNumber
        self.employeeID = employeeID
        self.tncIssuedOn = tncIssuedOn
        self.status = status
    }
}

/// A person who ran the I-9 process in the year, and their training.
public struct StaffFacts: Sendable, Equatable {
    public var personID: String
    public var prepared = 0
    public var reviewed = 0
    public var lastTrainedOn: CivilDate?
    /// The last day the latest training counts.
    public var trainedUntil: CivilDate?

    public init(personID: String) {
        self.personID = personID
    }
}

/// A version of the training program.
public struct CurriculumFacts: Sendable, Equatable {
    public var version: String
    public var publishedOn: CivilDate

    public init(version: String, publishedOn: CivilDate) {
        self.version = version
        self.publishedOn = publishedOn
    }
}

/// The year's internal I-9 audit.
public struct AuditFacts: Sendable, Equatable {
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    /// Person id of an internal auditor, or nil for an external firm.
    public var auditorID: String?
    public var externalFirm: String?
    public var scheduledOn: CivilDate?
    public var completedOn: CivilDate?
    public var findings: String?

    public init(periodStart: CivilDate, periodEnd: CivilDate) {
        self.periodStart = periodStart
        self.periodEnd = periodEnd
    }
}

/// A no-match letter.
public struct LetterFacts: Sendable, Equatable {
    public var letterID: String
    public var employeeID: String?
    public var source: String
    public var receivedOn: CivilDate
    public var acknowledgedOn: CivilDate?
    public var resolvedOn: CivilDate?

    public init(letterID: String, source: String, receivedOn: CivilDate) {
        self.letterID = letterID
        self.source = source
        self.receivedOn = receivedOn
    }
}

/// A tip.
public struct TipFacts: Sendable, Equatable {
    public var tipID: String
    public var channel: String
    public var receivedOn: CivilDate
    public var acknowledgedOn: CivilDate?
    /// When the investigation started.
    public var investigatedOn: CivilDate?
    public var respondedOn: CivilDate?
    public var status: String

    public init(tipID: String, channel: String, receivedOn: CivilDate, status: String) {
        self.tipID = tipID
        self.channel = channel
        self.receivedOn = receivedOn
        self.status = status
    }
}

/// A self-reported violation or deficiency.
public struct SelfReportFacts: Sendable, Equatable {
    public var reportID: String
    public var source: String
    public var sourceReference: String?
    public var discoveredOn: CivilDate
    public var description: String
    public var correctiveAction: String?
    public var correctedOn: CivilDate?
    public var reportedToICEOn: CivilDate?

    public init(reportID: String, source: String, discoveredOn: CivilDate, description: String) {
        self.reportID = reportID
        self.source = source
        self.discoveredOn = discoveredOn
        self.description = description
    }
}

/// A policy and its reviews.
public struct PolicyFacts: Sendable, Equatable {
    public var policyID: String
    /// `anti_discrimination`, `hiring`, `self_reporting` or `tip_protocol`.
    public var kind: String
    public var title: String
    public var lastReviewedOn: CivilDate

    public init(policyID: String, kind: String, title: String, lastReviewedOn: CivilDate) {
        self.policyID = policyID
        self.kind = kind
        self.title = title
        self.lastReviewedOn = lastReviewedOn
    }
}

/// A company of the hiring network and the guidelines sent to it.
public struct CompanyFacts: Sendable, Equatable {
    public var companyID: String
    public var name: String
    public var joinedOn: CivilDate
    /// Days in the year the guidelines were sent, in order.
    public var communicatedOn: [CivilDate] = []
    /// When the next communication is due (its open obligation), if one is open.
    public var nextDueOn: CivilDate?

    public init(companyID: String, name: String, joinedOn: CivilDate) {
        self.companyID = companyID
        self.name = name
        self.joinedOn = joinedOn
    }
}

/// One obligation as the report weighs it.
public struct ObligationFacts: Sendable, Equatable {
    public var kind: ObligationKind
    /// `kind/id`, e.g. `hire/E-1`.
    public var subject: String
    /// The employee the obligation concerns, when it concerns one.
    public var employeeID: String?
    public var dueOn: CivilDate
    /// When it was done; nil while open.
    public var completedOn: CivilDate?

    public init(kind: ObligationKind, subject: String, employeeID: String? = nil, dueOn: CivilDate, completedOn: CivilDate? = nil) {
        self.kind = kind
        self.subject = subject
        self.employeeID = employeeID
        self.dueOn = dueOn
        self.completedOn = completedOn
    }
}

/// A hiring-safeguard exception of a hire (``SafeguardException``), as stored.
public struct SafeguardFacts: Sendable, Equatable {
    public var employeeID: String
    public var startDate: CivilDate
    /// ``SafeguardException/kind``.
    public var kind: String
    public var detail: String

    public init(employeeID: String, startDate: CivilDate, kind: String, detail: String) {
        self.employeeID = employeeID
        self.startDate = startDate
        self.kind = kind
        self.detail = detail
    }
}
