import Compliance
import Foundation
import Storage

// The JSON shapes of the no-match, self-report, audit and network lists
// (docs/openapi.json names each under components/schemas). Absent optional values are left out.

/// `NoMatchLetter`.
struct NoMatchLetterJSON: Encodable, Sendable {
    let letterID, receivedOn, source, steps: String
    let employeeID, acknowledgedOn, resolvedOn, resolution, evidence: String?

    init(_ letter: NoMatchLetterRecord) {
        (letterID, receivedOn, source, steps) = (letter.letterID, letter.receivedOn.description, letter.source, letter.steps)
        (employeeID, acknowledgedOn, resolvedOn) = (letter.hireID, letter.acknowledgedOn?.description, letter.resolvedOn?.description)
        (resolution, evidence) = (letter.resolution, letter.evidenceReference)
    }

    enum CodingKeys: String, CodingKey {
        case source, steps, resolution, evidence
        case letterID = "letter_id", receivedOn = "received_on", employeeID = "employee_id"
        case acknowledgedOn = "acknowledged_on", resolvedOn = "resolved_on"
    }
}

/// `SelfReport`.
struct SelfReportJSON: Encodable, Sendable {
    let reportID, discoveredOn, source, description: String
    let sourceRef, correctiveAction, followUpOn, correctedOn, reportedOn: String?

    init(_ report: SelfReportRecord) {
        (reportID, discoveredOn, source, description) = (report.reportID, report.discoveredOn.description, report.source.rawValue, report.description)
        (sourceRef, correctiveAction, followUpOn) = (report.sourceReference, report.correctiveAction, report.followUpOn?.description)
        (correctedOn, reportedOn) = (report.correctedOn?.description, report.reportedToICEOn?.description)
    }

    enum CodingKeys: String, CodingKey {
        case source, description
        case reportID = "report_id", discoveredOn = "discovered_on", sourceRef = "source_ref", correctiveAction = "corrective_action"
        case followUpOn = "follow_up_on", correctedOn = "corrected_on", reportedOn = "reported_to_ice_on"
    }
}

/// `NetworkCompany`.
struct NetworkCompanyJSON: Encodable, Sendable {
    let companyID, name, joinedOn: String
    let contactName, contactEmail, lastCommunicatedOn: String?

    init(_ listing: NetworkCompanyListing) {
        let company = listing.company
        (companyID, name, joinedOn) = (company.companyID, company.name, company.joinedOn.description)
        (contactName, contactEmail, lastCommunicatedOn) = (company.contactName, company.contactEmail, listing.lastCommunicatedOn)
    }

    enum CodingKeys: String, CodingKey {
        case name
        case companyID = "company_id", joinedOn = "joined_on", contactName = "contact_name", contactEmail = "contact_email"
        case lastCommunicatedOn = "last_communicated_on"
    }
}

/// `Audit`.
struct AuditJSON: Encodable, Sendable {
    let year: Int
    let periodStart, periodEnd: String
    let auditor, firm, scheduledOn, completedOn, findings: String?

    init(_ audit: AuditListing) {
        (year, periodStart, periodEnd, auditor, firm) = (audit.year, audit.periodStart, audit.periodEnd, audit.auditorID, audit.externalFirm)
        (scheduledOn, completedOn, findings) = (audit.scheduledOn, audit.completedOn, audit.findings)
    }

    enum CodingKeys: String, CodingKey {
        case year, auditor, firm, findings
        case periodStart = "from", periodEnd = "to", scheduledOn = "scheduled_on", completedOn = "completed_on"
    }
}

/// `AuditList`.
struct AuditList: Encodable, Sendable { let items: [AuditJSON] }
