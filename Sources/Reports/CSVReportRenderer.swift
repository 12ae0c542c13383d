import Compliance

/// The CSV format: one flat table of typed rows, so a spreadsheet can filter it.
///
/// Columns: `section,type,key,label,subject,employee_id,date,status,value,out_of,detail`.
/// Types: `info` (the report's header), `figure`, `detail`, `month`, `items`,
/// `record` (one row per table cell: `key` is the row number, `label` the column) and
/// `exception`.
struct CSVReportRenderer {
    static let columns = ["section", "type", "key", "label", "subject", "employee_id", "date", "status", "value", "out_of", "detail"]

    let report: AnnualReport

    func render() -> String {
        var lines = [Self.columns.joined(separator: ",")]
        func row(_ section: String, _ type: String, key: String = "", label: String = "", subject: String = "", employee: String = "",
                 date: String = "", status: String = "", value: String = "", outOf: String = "", detail: String = "") {
            lines.append([section, type, key, label, subject, employee, date, status, value, outOf, detail].map(TextEscaping.csv).joined(separator: ","))
        }
        let info: [(String, String)] = [
            ("tenant", report.tenant.slug), ("legal_name", report.tenant.legalName), ("year", String(report.year)),
            ("as_of", report.asOf.description), ("due_on", report.dueOn?.description ?? ""),
            ("submitted_on", report.submission?.submittedOn.description ?? ""), ("reference", report.submission?.reference ?? ""),
        ]
        for (key, value) in info { row("report", "info", key: key, value: value) }
        for section in report.sections {
            for figure in section.figures {
                row(section.id, "figure", key: figure.key, label: figure.label, value: String(figure.count), outOf: figure.outOf.map(String.init) ?? "")
            }
            for detail in section.details { row(section.id, "detail", label: detail.label, detail: detail.text) }
            for (number, cells) in section.table.rows.enumerated() {
                for (column, cell) in zip(section.table.columns, cells) {
                    row(section.id, "record", key: String(number + 1), label: column, detail: cell)
                }
            }
        }
        for month in report.months {
            let key = "\(report.year)-\(month.month < 10 ? "0" : "")\(month.month)"
            row("everify", "month", key: key, label: "new_hires", value: String(month.hires))
            row("everify", "month", key: key, label: "everify_on_time", value: String(month.onTime))
        }
        for item in report.items {
            for (label, count) in [("on_time", item.onTime), ("late", item.late), ("overdue", item.overdue), ("pending", item.pending)] {
                row(item.section, "items", label: label, value: String(count))
            }
        }
        for exception in report.exceptions {
            row(exception.section, "exception", key: exception.rule, subject: exception.subject, employee: exception.employeeID ?? "",
                date: exception.date.description, status: exception.status.rawValue, detail: exception.detail)
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
