import Compliance

/// The Markdown format: a heading per section, its figures and records as tables,
/// then its exceptions.
struct MarkdownReportRenderer {
    let report: AnnualReport

    func render() -> String {
        var out: [String] = []
        let e = TextEscaping.markdown
        out.append("# \(e(report.title))")
        out.append("")
        out.append("- Tenant: \(e(report.tenant.legalName)) (`\(report.tenant.slug)`)")
        out.append("- Records as of: \(report.asOf)")
        out.append("- Due to ICE: \(report.dueOn?.description ?? "no due date set")")
        out.append("- Submitted: \(report.submission.map { "\($0.submittedOn)" + ($0.reference.isEmpty ? "" : " (reference \(e($0.reference)))") } ?? "not yet")")
        out.append("- Exceptions to act on: \(report.exceptions.count)")
        out.append("")
        out.append("## Open versus resolved items")
        out.append("")
        out.append(table(["Practice", "Resolved on time", "Resolved late", "Open, overdue", "Open, not yet due"],
                         report.items.map { [AnnualReport.shortName($0.section), String($0.onTime), String($0.late), String($0.overdue), String($0.pending)] }))
        for (number, section) in report.sections.enumerated() {
            out.append("")
            out.append("## \(number + 1). \(e(section.title))")
            out.append("")
            out.append("> \(e(section.practice))")
            out.append("")
            out.append(table(["Figure", "Value"], section.figures.map { [$0.label, $0.text] }))
            for detail in section.details {
                out.append("")
                out.append("- **\(e(detail.label))**: \(e(detail.text))")
            }
            if !section.table.rows.isEmpty {
                out.append("")
                out.append(table(section.table.columns, section.table.rows))
            }
            out.append("")
            out.append("### Exceptions")
            out.append("")
            let exceptions = report.exceptions(in: section.id)
            if exceptions.isEmpty {
                out.append("None.")
            } else {
                out.append(table(["Date", "Employee", "Subject", "Status", "Rule", "Detail"], exceptions.map {
                    [$0.date.description, $0.employeeID ?? "", $0.subject, $0.status.rawValue, $0.rule, $0.detail]
                }))
            }
        }
        out.append("")
        out.append("---")
        out.append("")
        out.append("Made by Attest from \(e(report.tenant.legalName))'s records as of \(report.asOf). Employees are named by their employee id only; no Social Security number is recorded.")
        return out.joined(separator: "\n") + "\n"
    }

    private func table(_ columns: [String], _ rows: [[String]]) -> String {
        let e = TextEscaping.markdown
        var lines = ["| " + columns.map(e).joined(separator: " | ") + " |", "|" + String(repeating: " --- |", count: columns.count)]
        for row in rows { lines.append("| " + row.map(e).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n")
    }
}
