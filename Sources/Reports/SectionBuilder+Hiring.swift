import Compliance

/// The sections on hiring: E-Verify, TNCs, the Form I-9 and the training of those who run it.
extension SectionBuilder {
    func everify() -> ReportSection {
        let hires = facts.hires
        let required = hires.filter(\.eVerifyRequired)
        let onTime = required.filter(caseOnTime)
        let late = required.filter { $0.caseCreatedOn != nil && !caseOnTime($0) }
        let explained = late.filter { $0.lateReason != nil }
        let rows = months().map { [MonthNames.short[$0.month - 1], String($0.hires), String($0.onTime)] }
        return ReportSection(
            id: .everify, title: "E-Verify for every new hire",
            practice: "Use the Department of Homeland Security employment eligibility verification program (E-Verify) to verify the employment eligibility of all new hires.",
            figures: [
                Figure("new_hires", "New hires", hires.count),
                Figure("everify_required", "New hires needing an E-Verify case", required.count, outOf: hires.count),
                Figure("everify_on_time", "E-Verify case opened on time", onTime.count, outOf: required.count),
                Figure("everify_late", "E-Verify case opened late", late.count, outOf: required.count),
                Figure("everify_late_explained", "Late with a recorded reason (outage, SSN awaited)", explained.count, outOf: late.count),
                Figure("everify_missing", "No E-Verify case yet", required.filter { $0.caseCreatedOn == nil }.count, outOf: required.count),
                Figure("everify_no_case_reason", "Without a case, with a recorded reason", hires.filter { !$0.eVerifyRequired && $0.noCaseReason != nil }.count,
                       outOf: hires.count),
                Figure("everify_no_case_no_reason", "Without a case and without a reason", hires.filter { !$0.eVerifyRequired && $0.noCaseReason == nil }.count,
                       outOf: hires.count),
                Figure("everify_pre_screening", "Case before the offer was accepted or the Form I-9 completed",
                       Set(facts.safeguardExceptions.filter { $0.kind != "no_case_without_reason" }.map(\.employeeID)).count, outOf: hires.count),
            ],
            table: ReportTable(columns: ["Month", "New hires", "E-Verify on time"], rows: rows))
    }

    func tnc() -> ReportSection {
        let cases = facts.tncCases
        let acted = cases.filter { index.outcome(.eVerifyTNCEmployerAction, "everify_case/\($0.caseNumber)") == .onTime }
        func count(_ status: String) -> Int { cases.filter { $0.status == status }.count }
        let rows = cases.map { c in
            [c.caseNumber, c.employeeID, c.tncIssuedOn.description, c.referredOn?.description ?? "", (c.finalResultOn ?? c.closedOn)?.description ?? "",
             TNCOutcome.label(c.status)]
        }
        return ReportSection(
            id: .tnc, title: "Tentative nonconfirmations (TNCs)",
            practice: "Every TNC is handled within E-Verify's time limits: the employer refers or closes the case within 10 federal working days, and every case is closed.",
            figures: [
                Figure("tncs", "TNCs issued", cases.count),
                Figure("tnc_action_on_time", "Referred or closed within 10 federal working days", acted.count, outOf: cases.count),
                Figure("tnc_referred", "Referred to SSA or DHS", cases.filter { $0.referredOn != nil }.count, outOf: cases.count),
                Figure("tnc_authorized", "Employment authorized", count("employment_authorized"), outOf: cases.count),
                Figure("tnc_final_nonconfirmation", "Final nonconfirmation", count("final_nonconfirmation"), outOf: cases.count),
                Figure("tnc_closed", "Closed otherwise", count("closed"), outOf: cases.count),
                Figure("tnc_pending", "Still pending", count("tnc") + count("referred"), outOf: cases.count),
            ],
            table: ReportTable(columns: ["Case", "Employee", "TNC", "Referred", "Result", "Outcome"], rows: rows))
    }

    func i9() -> ReportSection {
        let hires = facts.hires
        func outcome(_ kind: ObligationKind, _ hire: HireFacts) -> ObligationOutcome? { index.outcome(kind, "hire/\(hire.employeeID)") }
        let section2OnTime = hires.filter { $0.section2CompletedOn != nil && outcome(.i9Section2, $0) != .late }
        let reviewed = hires.filter { $0.reviewedOn != nil }
        let reviewOnTime = reviewed.filter { outcome(.i9SecondaryReview, $0) != .late }
        return ReportSection(
            id: .i9, title: "Form I-9: Section 2 on time and a secondary review",
            practice: "Only allow trained individuals to conduct the I-9 process. Include a secondary review as part of each employee's verification.",
            figures: [
                Figure("i9_forms", "Forms I-9 of new hires", hires.count),
                Figure("i9_section2_on_time", "Section 2 completed on time", section2OnTime.count, outOf: hires.count),
                Figure("i9_section2_late", "Section 2 completed late", hires.filter { outcome(.i9Section2, $0) == .late }.count, outOf: hires.count),
                Figure("i9_section2_missing", "Section 2 not completed", hires.filter { $0.section2CompletedOn == nil }.count, outOf: hires.count),
                Figure("i9_reviewed", "With a secondary review", reviewed.count, outOf: hires.count),
                Figure("i9_reviewed_on_time", "Secondary review on time", reviewOnTime.count, outOf: hires.count),
                Figure("i9_remote_examination", "Documents examined remotely (DHS alternative procedure)",
                       RemoteExaminationUse(hires: hires).remoteCount, outOf: hires.count),
            ],
            table: DocumentPatterns(hires: hires).table)
    }

    func training() -> ReportSection {
        let staff = facts.staff
        let current = staff.filter { $0.trainedUntil.map { $0 >= through } ?? false }
        let published = facts.curriculumVersions.filter { $0.publishedOn.year == facts.year }
        let rows = staff.map { person in
            [person.personID, String(person.prepared), String(person.reviewed), person.lastTrainedOn?.description ?? "",
             person.trainedUntil?.description ?? "", current.contains(person) ? "yes" : "no"]
        }
        var details: [Detail] = []
        if let latest = facts.curriculumVersions.first {
            details.append(Detail("Current curriculum", "\(latest.version), published \(latest.publishedOn)"))
        } else {
            details.append(Detail("Current curriculum", "none on record"))
        }
        return ReportSection(
            id: .training, title: "Training of everyone who runs the I-9 process",
            practice: "Establish an internal training program, updated annually, on the hiring process. Only allow trained individuals to conduct the I-9 process.",
            figures: [
                Figure("staff", "People who prepared or reviewed a Form I-9", staff.count),
                Figure("staff_trained", "Training current on \(through)", current.count, outOf: staff.count),
                Figure("curriculum_versions", "Curriculum versions published in \(facts.year)", published.count),
            ],
            details: details,
            table: ReportTable(columns: ["Person", "Prepared", "Reviewed", "Last training", "Valid until", "Current"], rows: rows))
    }
}

/// E-Verify's TNC statuses as a reader knows them.
enum TNCOutcome {
    static func label(_ status: String) -> String {
        switch status {
        case "tnc": "awaiting the employer's action"
        case "referred": "referred, pending"
        case "employment_authorized": "employment authorized"
        case "final_nonconfirmation": "final nonconfirmation"
        case "closed": "closed"
        default: status
        }
    }
}

/// Month names for tables and charts.
enum MonthNames {
    static let short = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
