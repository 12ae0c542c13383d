import Compliance

/// The sections on the program around hiring: audit, no-match letters, tips,
/// self-reports, policies, the hiring network and the report itself.
extension SectionBuilder {
    func audit() -> ReportSection {
        var details: [Detail] = []
        let due = index.find(.auditAnnual, "tenant/tenant")?.dueOn
        details.append(Detail("Due", due?.description ?? "no due date (set the IMAGE agreement date or auditDate)"))
        if let audit = facts.audit {
            details.append(Detail("Period audited", "\(audit.periodStart) to \(audit.periodEnd)"))
            details.append(Detail("Auditor", audit.externalFirm.map { "external firm: \($0)" } ?? "internal auditor: \(audit.auditorID ?? "?")"))
            details.append(Detail("Scheduled", audit.scheduledOn?.description ?? "not recorded"))
            details.append(Detail("Completed", audit.completedOn?.description ?? "not yet"))
            details.append(Detail("Findings", audit.findings ?? "none recorded yet"))
        } else {
            details.append(Detail("Audit", "none recorded for \(facts.year)"))
        }
        let fromAudit = facts.selfReports.filter { $0.source == "audit" }.count
        return ReportSection(
            id: .audit, title: "Annual I-9 audit",
            practice: "Arrange annual I-9 audits, completed by either an external auditing firm or a trained employee not otherwise involved in the I-9 process.",
            figures: [
                Figure("audit_completed", "Audit completed", facts.audit?.completedOn == nil ? 0 : 1, outOf: 1),
                Figure("audit_self_reports", "Self-reports arising from audits", fromAudit),
            ],
            details: details)
    }

    func noMatch() -> ReportSection {
        let letters = facts.letters
        let resolved = letters.filter { $0.resolvedOn != nil }
        let days = resolved.compactMap { letter in letter.resolvedOn.map { letter.receivedOn.days(to: $0) } }.sorted()
        let onTime = resolved.filter { index.outcome(.noMatchResolve, "nomatch_letter/\($0.letterID)") != .late }
        var figures = [
            Figure("letters", "No-match letters received", letters.count),
            Figure("letters_resolved", "Resolved and documented", resolved.count, outOf: letters.count),
            Figure("letters_resolved_on_time", "Resolved on time", onTime.count, outOf: letters.count),
            Figure("letters_open", "Still open", letters.count - resolved.count, outOf: letters.count),
        ]
        if !days.isEmpty {
            figures.append(Figure("days_to_resolution_median", "Median days to resolution", days[(days.count - 1) / 2]))
            figures.append(Figure("days_to_resolution_max", "Longest days to resolution", days[days.count - 1]))
        }
        let rows = letters.map { l in
            [l.letterID, l.employeeID ?? "", l.source, l.receivedOn.description, l.resolvedOn?.description ?? "open",
             l.resolvedOn.map { String(l.receivedOn.days(to: $0)) } ?? ""]
        }
        return ReportSection(
            id: .nomatch, title: "No-match letters",
            practice: "Ensure and document the definitive resolution of no-match letters received from the Social Security Administration (SSA).",
            figures: figures,
            table: ReportTable(columns: ["Letter", "Employee", "Source", "Received", "Resolved", "Days to resolution"], rows: rows))
    }

    func tips() -> ReportSection {
        let tips = facts.tips
        let answered = tips.filter { $0.respondedOn != nil }
        let onTime = answered.filter { index.outcome(.tipRespond, "tip/\($0.tipID)") != .late }
        let acknowledged = tips.filter { index.outcome(.tipAcknowledge, "tip/\($0.tipID)") == .onTime }
        let investigated = tips.filter { index.outcome(.tipInvestigate, "tip/\($0.tipID)") == .onTime }
        let rows = tips.map { t in
            [t.tipID, t.channel, t.receivedOn.description, t.acknowledgedOn?.description ?? "", t.investigatedOn?.description ?? "",
             t.respondedOn?.description ?? "", t.status]
        }
        return ReportSection(
            id: .tips, title: "Tips from employees",
            practice: "Establish a tip mechanism for employees to report activity relating to the employment of unauthorized persons, and a protocol for responding to employee tips.",
            figures: [
                Figure("tips", "Tips received", tips.count),
                Figure("tips_acknowledged_on_time", "Acknowledged on time", acknowledged.count, outOf: tips.count),
                Figure("tips_investigated_on_time", "Investigation started on time", investigated.count, outOf: tips.count),
                Figure("tips_answered_on_time", "Answered on time", onTime.count, outOf: tips.count),
                Figure("tips_answered_late", "Answered late", answered.count - onTime.count, outOf: tips.count),
                Figure("tips_open", "Not answered yet", tips.count - answered.count, outOf: tips.count),
            ],
            table: ReportTable(columns: ["Tip", "Channel", "Received", "Acknowledged", "Investigated", "Answered", "Status"], rows: rows))
    }

    func selfReports() -> ReportSection {
        let reports = facts.selfReports
        func subject(_ r: SelfReportFacts) -> String { "self_report/\(r.reportID)" }
        let corrected = reports.filter { $0.correctedOn != nil }
        let reported = reports.filter { $0.reportedToICEOn != nil }
        let sources = ["audit", "tip", "nomatch", "everify", "other"].map { source in
            "\(source): \(reports.filter { $0.source == source }.count)"
        }
        let rows = reports.map { r in
            [r.reportID, r.source + (r.sourceReference.map { " \($0)" } ?? ""), r.discoveredOn.description, r.description,
             r.correctiveAction ?? "", r.correctedOn?.description ?? "", r.reportedToICEOn?.description ?? ""]
        }
        return ReportSection(
            id: .selfreports, title: "Self-reported violations and deficiencies",
            practice: "Establish a self-reporting procedure for the reporting of any violations and discovered deficiencies.",
            figures: [
                Figure("self_reports", "Violations or deficiencies recorded", reports.count),
                Figure("self_reports_corrected", "Corrected", corrected.count, outOf: reports.count),
                Figure("self_reports_corrected_on_time", "Corrected on time",
                       corrected.filter { index.outcome(.selfReportCorrect, subject($0)) != .late }.count, outOf: reports.count),
                Figure("self_reports_reported", "Reported to ICE", reported.count, outOf: reports.count),
                Figure("self_reports_reported_on_time", "Reported on time",
                       reported.filter { index.outcome(.selfReportReport, subject($0)) != .late }.count, outOf: reports.count),
            ],
            details: [Detail("By source", sources.joined(separator: ", "))],
            table: ReportTable(columns: ["Report", "Source", "Discovered", "Description", "Corrective action", "Corrected", "Reported to ICE"], rows: rows))
    }

    func policies() -> ReportSection {
        let reviews = index.all.filter { $0.kind == .policyReview }
        let outcomes = reviews.map { ObligationOutcome($0, asOf: facts.asOf) }
        let rows = facts.policies.map { p in
            [p.policyID, PolicyKinds.label(p.kind), p.title, p.lastReviewedOn.description]
        }
        return ReportSection(
            id: .policies, title: "Anti-discrimination safeguards and policy reviews",
            practice: "Establish and maintain appropriate policies, practices, and safeguards against use of the verification process for unlawful discrimination.",
            figures: [
                Figure("policies", "Policies on record", facts.policies.count),
                Figure("policy_kinds", "Policy kinds the practices call for that are on record",
                       Set(facts.policies.map(\.kind)).intersection(PolicyKinds.required).count, outOf: PolicyKinds.required.count),
                Figure("policy_reviews_on_time", "Reviews due in \(facts.year) done on time", outcomes.filter { $0 == .onTime }.count, outOf: reviews.count),
                Figure("policy_reviews_overdue", "Reviews overdue", outcomes.filter { $0 == .overdue }.count, outOf: reviews.count),
            ],
            table: ReportTable(columns: ["Policy", "Kind", "Title", "Last reviewed"], rows: rows))
    }

    func network() -> ReportSection {
        let companies = facts.companies
        let reached = companies.filter { !$0.communicatedOn.isEmpty }
        let rows = companies.map { c in
            [c.companyID, c.name, c.joinedOn.description, c.communicatedOn.map(\.description).joined(separator: ", "), c.nextDueOn?.description ?? ""]
        }
        return ReportSection(
            id: .network, title: "IMAGE guidelines communicated to the hiring network",
            practice: "Communicate IMAGE guidelines to other companies in the hiring network.",
            figures: [
                Figure("network_companies", "Companies in the hiring network", companies.count),
                Figure("network_reached", "Sent the guidelines in \(facts.year)", reached.count, outOf: companies.count),
            ],
            table: ReportTable(columns: ["Company", "Name", "Joined", "Guidelines sent", "Next due"], rows: rows))
    }

    func report() -> ReportSection {
        var details = [Detail("Due", facts.reportDueOn?.description ?? "no due date (set the IMAGE agreement date or reportDate)")]
        if let submission = facts.submission {
            details.append(Detail("Submitted", submission.submittedOn.description + (submission.reference.isEmpty ? "" : " (reference \(submission.reference))")))
        } else {
            details.append(Detail("Submitted", "not yet: record it with `attest report submit --year \(facts.year) --on DATE`"))
        }
        return ReportSection(
            id: .report, title: "Annual report to ICE",
            practice: "Submit an annual report to ICE to track results and assess the effect of participation in the IMAGE program.",
            figures: [Figure("report_submitted", "Report submitted", facts.submission == nil ? 0 : 1, outOf: 1)],
            details: details)
    }
}
