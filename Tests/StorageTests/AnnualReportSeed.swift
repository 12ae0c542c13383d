import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport

/// A tenant whose records of 2025 give every section of the annual report something
/// to show, and every kind of exception (late, overdue, flagged) in every section.
enum AnnualReportSeed {
    static let year = 2025
    static let asOf = day("2026-01-15")

    static func day(_ text: String) -> CivilDate { try! CivilDate(iso: text) }

    /// Adds tenant `acme` and its 2025 records.
    static func seed(_ db: Database) async throws {
        _ = try await TenantRepository(database: db).add(try TenantDraft(
            slug: "acme", legalName: "Acme Foods <Midwest> & Co", timeZone: "America/Chicago", imageAgreementDate: "2023-06-15",
            daemonRoles: ["attest_daemon"]))
        _ = try await TenantWork(database: db).run(slug: "acme", actor: "test") { context, connection in
            try await people(context, connection, db.logger)
            _ = try await HireRepository().save(try hires(), context: context, connection: connection, logger: db.logger)
            try await program(context, connection, db.logger)
            try await events(context, connection, db.logger)
            try await network(context, connection, db.logger)
            return 0
        }
    }

    private static func people(_ context: TenantContext, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let people = PeopleRepository()
        _ = try await people.save([
            PersonRecord(externalID: "P-1", name: "Pat Preparer", roles: [.i9Preparer]),
            PersonRecord(externalID: "P-9", name: "Paul Lapsed", roles: [.i9Preparer]),
            PersonRecord(externalID: "R-1", name: "Rita Reviewer", roles: [.i9Reviewer]),
        ], context: context, connection: connection, logger: logger)
        _ = try await people.saveTrainings([
            TrainingRecord(personID: "P-1", completedOn: day("2025-01-06")),
            TrainingRecord(personID: "P-9", completedOn: day("2024-03-01")),
            TrainingRecord(personID: "R-1", completedOn: day("2025-01-10")),
        ], context: context, connection: connection, logger: logger)
    }

    /// A hire with Section 1 on its start day, Section 2 by `preparer` and a review by R-1.
    private static func hire(_ id: String, start: String, section2: String?, preparer: String = "P-1", reviewed: String?,
                             eVerify: EVerifyCaseRecord? = nil) -> HireRecord {
        var hire = HireRecord(externalID: id, startDate: day(start))
        hire.i9.section1CompletedOn = day(start)
        hire.i9.section2CompletedOn = section2.map(day)
        hire.i9.preparerID = section2 == nil ? nil : preparer
        hire.i9.reviewedOn = reviewed.map(day)
        hire.i9.reviewerID = reviewed == nil ? nil : "R-1"
        hire.eVerifyCase = eVerify
        return hire
    }

    private static func eVerify(_ number: String, _ created: String, tnc: String? = nil, referred: String? = nil, result: String? = nil,
                                closed: String? = nil, status: EVerifyCaseRecord.Status = .closed,
                                late: EVerifyCaseRecord.LateReason? = nil) -> EVerifyCaseRecord {
        var c = EVerifyCaseRecord(caseNumber: number, createdOn: day(created))
        c.tncIssuedOn = tnc.map(day)
        c.referredOn = referred.map(day)
        c.finalResultOn = result.map(day)
        c.closedOn = closed.map(day)
        c.status = status
        c.lateReason = late
        return c
    }

    static func hires() throws -> [HireRecord] {
        var notRequired = hire("E-104", start: "2025-06-02", section2: "2025-06-04", reviewed: "2025-06-05")
        notRequired.eVerifyRequired = false
        return [
            // Prepared by P-9, whose training lapses on 2025-03-01.
            hire("E-100", start: "2025-02-03", section2: "2025-02-05", preparer: "P-9", reviewed: "2025-02-06",
                 eVerify: eVerify("2025A100", "2025-02-04", closed: "2025-02-05")),
            hire("E-101", start: "2025-03-03", section2: "2025-03-05", reviewed: "2025-03-06",
                 eVerify: eVerify("2025A101", "2025-03-05", closed: "2025-03-06")),
            // Section 2 and the E-Verify case late (the case waited for an SSN).
            hire("E-102", start: "2025-04-07", section2: "2025-04-14", reviewed: "2025-04-15",
                 eVerify: eVerify("2025A102", "2025-04-15", closed: "2025-04-16", late: .ssnAwaited)),
            // No secondary review; a TNC referred late, the employee's contact overdue.
            hire("E-103", start: "2025-05-05", section2: "2025-05-07", reviewed: nil,
                 eVerify: eVerify("2025A103", "2025-05-06", tnc: "2025-05-07", referred: "2025-05-30", status: .referred)),
            notRequired,
            // No E-Verify case at all.
            hire("E-105", start: "2025-09-08", section2: "2025-09-10", reviewed: "2025-09-11"),
            // A TNC closed in time with a final nonconfirmation.
            hire("E-106", start: "2025-10-06", section2: "2025-10-08", reviewed: "2025-10-09",
                 eVerify: eVerify("2025A106", "2025-10-07", tnc: "2025-10-08", result: "2025-10-14", closed: "2025-10-15", status: .finalNonconfirmation)),
            // A TNC the employer never acted on.
            hire("E-107", start: "2025-11-03", section2: "2025-11-05", reviewed: "2025-11-06",
                 eVerify: eVerify("2025A107", "2025-11-04", tnc: "2025-11-05", status: .tnc)),
        ]
    }

    private static func program(_ context: TenantContext, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let program = ProgramRepository()
        _ = try await program.publishCurriculum(version: "2024.1", on: day("2024-05-01"), context: context, connection: connection, logger: logger)
        _ = try await program.publishCurriculum(version: "2025.1", on: day("2025-06-10"), context: context, connection: connection, logger: logger)
        _ = try await program.reviewPolicy(id: "POL-AD", kind: .antiDiscrimination, title: "Anti-discrimination in verification",
                                           on: day("2024-03-01"), context: context, connection: connection, logger: logger)
        _ = try await program.reviewPolicy(id: "POL-AD", kind: .antiDiscrimination, title: "Anti-discrimination in verification",
                                           on: day("2025-03-20"), context: context, connection: connection, logger: logger)
        _ = try await program.reviewPolicy(id: "POL-H", kind: .hiring, title: "Hiring & eligibility policy",
                                           on: day("2024-09-01"), context: context, connection: connection, logger: logger)
        _ = try await program.reviewPolicy(id: "POL-SR", kind: .selfReporting, title: "Self-reporting procedure",
                                           on: day("2025-01-15"), context: context, connection: connection, logger: logger)
        let annual = AnnualRepository()
        try await annual.scheduleAudit(year: year, period: day("2024-06-15")...day("2025-06-14"), auditor: .externalFirm("Smith & Jones CPAs"),
                                       on: day("2025-05-01"), context: context, connection: connection, logger: logger)
        _ = try await annual.completeAudit(year: year, on: day("2025-07-01"), findings: "2 Forms I-9 without a secondary review; 1 late E-Verify case",
                                           context: context, connection: connection, logger: logger)
    }

    private static func events(_ context: TenantContext, _ connection: PostgresConnection, _ logger: Logger) async throws {
        var letters: [NoMatchLetterRecord] = []
        for (id, employee, received, acknowledged, resolved) in [("L-1", "E-100", "2025-02-10", "2025-02-20", "2025-03-15"),
                                                                  ("L-2", "E-101", "2025-03-01", "2025-03-10", "2025-07-15"),
                                                                  ("L-3", nil, "2025-08-01", nil, nil)] as [(String, String?, String, String?, String?)] {
            var letter = NoMatchLetterRecord(letterID: id, receivedOn: day(received))
            letter.hireID = employee
            letter.acknowledgedOn = acknowledged.map(day)
            letter.resolvedOn = resolved.map(day)
            if resolved != nil {
                letter.resolution = "Employee corrected the SSA record"
                letter.evidenceReference = "HR-FILE-\(id)"
            }
            letters.append(letter)
        }
        _ = try await NoMatchRepository().save(letters, context: context, connection: connection, logger: logger)
        let repository = EventRecordsRepository()
        for (id, received, channel, acknowledged, responded) in [("T-1", "2025-04-01", TipRecord.Channel.phone, "2025-04-02", "2025-04-08"),
                                                                 ("T-2", "2025-06-02", .email, nil, "2025-07-01"),
                                                                 ("T-3", "2025-11-03", .web, nil, nil)] as [(String, String, TipRecord.Channel, String?, String?)] {
            var tip = TipRecord(tipID: id, receivedOn: day(received), channel: channel)
            tip.acknowledgedOn = acknowledged.map(day) ?? responded.map(day)
            tip.investigatedOn = id == "T-1" ? day("2025-04-03") : nil
            tip.respondedOn = responded.map(day)
            tip.status = responded == nil ? .received : .responded
            _ = try await repository.saveTip(tip, context: context, connection: connection, logger: logger)
        }
        var audit = SelfReportRecord(reportID: "SR-1", discoveredOn: day("2025-06-20"), source: .audit, description: "Two Forms I-9 without a secondary review")
        audit.sourceReference = "2025"
        audit.correctiveAction = "Reviews completed by R-1"
        audit.correctedOn = day("2025-07-01")
        audit.reportedToICEOn = day("2025-06-27")
        var letter = SelfReportRecord(reportID: "SR-2", discoveredOn: day("2025-08-05"), source: .nomatch, description: "No-match letter L-3 unresolved")
        letter.sourceReference = "L-3"
        letter.reportedToICEOn = day("2025-09-15")
        var other = SelfReportRecord(reportID: "SR-3", discoveredOn: day("2025-10-01"), source: .other,
                                     description: "Form \"I-9\" <missing> & late, for 2 hires")
        other.correctiveAction = "Retrained staff; added a checklist"
        other.correctedOn = day("2025-10-10")
        other.reportedToICEOn = day("2025-10-08")
        for report in [audit, letter, other] {
            _ = try await repository.saveSelfReport(report, context: context, connection: connection, logger: logger)
        }
    }

    private static func network(_ context: TenantContext, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let network = NetworkRepository()
        for (id, name, joined) in [("NET-1", "Partner Staffing, Inc.", "2024-01-10"), ("NET-2", "Builders & Co <LLC>", "2025-03-01"),
                                   ("NET-3", "Late Joiners LLC", "2025-05-01")] {
            _ = try await network.saveCompany(NetworkCompanyRecord(companyID: id, name: name, contactEmail: "hr@\(id.lowercased()).example",
                                                                   joinedOn: day(joined)), context: context, connection: connection, logger: logger)
        }
        for (id, on) in [("NET-1", "2024-02-01"), ("NET-1", "2025-01-20"), ("NET-2", "2025-04-15")] {
            _ = try await network.recordCommunication(company: id, on: day(on), channel: "email", reference: "guidelines",
                                                      context: context, connection: connection, logger: logger)
        }
    }
}
