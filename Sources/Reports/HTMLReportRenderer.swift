import Compliance

/// The HTML format: one printable page, well-formed XHTML (an XML parser reads it),
/// inline CSS and SVG charts, no scripts and no external assets.
struct HTMLReportRenderer {
    let report: AnnualReport

    func render() -> String {
        let e = TextEscaping.html
        var out: [String] = []
        out.append("<!DOCTYPE html>")
        out.append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">")
        out.append("<head>")
        out.append("<meta charset=\"utf-8\"/>")
        out.append("<title>\(e(report.title))</title>")
        out.append("<style>\(Self.css)</style>")
        out.append("</head>")
        out.append("<body>")
        out.append(header())
        out.append(summary())
        for (number, section) in report.sections.enumerated() {
            out.append(self.section(section, number: number + 1))
        }
        out.append("<footer><p>Made by Attest from \(e(report.tenant.legalName))&#8217;s records as of \(report.asOf). Employees are named by their employee id only; no Social Security number is recorded.</p></footer>")
        out.append("</body>")
        out.append("</html>")
        return out.joined(separator: "\n") + "\n"
    }

    private func header() -> String {
        let e = TextEscaping.html
        let submitted = report.submission.map { "\($0.submittedOn)" + ($0.reference.isEmpty ? "" : " (reference \(e($0.reference)))") } ?? "not yet"
        return """
            <header>
            <h1>IMAGE annual report \(report.year)</h1>
            <p class="tenant">\(e(report.tenant.legalName)) <span class="slug">(\(e(report.tenant.slug)))</span></p>
            <dl class="meta">
            <dt>Records as of</dt><dd>\(report.asOf)</dd>
            <dt>IMAGE agreement</dt><dd>\(report.tenant.imageAgreementDate?.description ?? "not recorded")</dd>
            <dt>Due to ICE</dt><dd>\(report.dueOn?.description ?? "no due date set")</dd>
            <dt>Submitted</dt><dd>\(submitted)</dd>
            <dt>Exceptions to act on</dt><dd class="\(report.exceptions.isEmpty ? "ok" : "bad")">\(report.exceptions.count)</dd>
            </dl>
            </header>
            """
    }

    private func summary() -> String {
        """
        <section id="summary">
        <h2>Summary</h2>
        <div class="charts">
        <figure>\(SVGCharts.monthly(report.months))<figcaption>New hires and E-Verify cases opened on time, by month of hire</figcaption></figure>
        <figure>\(SVGCharts.items(report.items))<figcaption>Open versus resolved items, by practice</figcaption></figure>
        </div>
        </section>
        """
    }

    private func section(_ section: ReportSection, number: Int) -> String {
        let e = TextEscaping.html
        var out = ["<section id=\"\(e(section.id))\">", "<h2>\(number). \(e(section.title))</h2>", "<p class=\"practice\">\(e(section.practice))</p>"]
        out.append("<table class=\"figures\"><tbody>")
        for figure in section.figures {
            out.append("<tr><th scope=\"row\">\(e(figure.label))</th><td>\(e(figure.text))</td></tr>")
        }
        out.append("</tbody></table>")
        if !section.details.isEmpty {
            out.append("<dl class=\"details\">")
            for detail in section.details { out.append("<dt>\(e(detail.label))</dt><dd>\(e(detail.text))</dd>") }
            out.append("</dl>")
        }
        if !section.table.rows.isEmpty {
            out.append(table(section.table.columns, section.table.rows, className: "records"))
        }
        let exceptions = report.exceptions(in: section.id)
        out.append("<h3>Exceptions</h3>")
        if exceptions.isEmpty {
            out.append("<p class=\"ok\">None.</p>")
        } else {
            out.append(table(["Date", "Employee", "Subject", "Status", "Detail"], exceptions.map {
                [$0.date.description, $0.employeeID ?? "", $0.subject, $0.status.rawValue, $0.detail]
            }, className: "exceptions"))
        }
        out.append("</section>")
        return out.joined(separator: "\n")
    }

    private func table(_ columns: [String], _ rows: [[String]], className: String) -> String {
        let e = TextEscaping.html
        var out = ["<table class=\"\(className)\">", "<thead><tr>" + columns.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead>", "<tbody>"]
        for row in rows { out.append("<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>") }
        out.append("</tbody></table>")
        return out.joined(separator: "\n")
    }

    static let css = """
        body{font-family:"Helvetica Neue",Arial,sans-serif;color:#1d2430;max-width:60em;margin:2em auto;padding:0 1.5em;line-height:1.4;font-size:14px}\
        h1{margin:0 0 .2em;font-size:1.9em}h2{border-bottom:2px solid #1f4e79;padding-bottom:.2em;margin-top:1.6em;color:#1f4e79}\
        h3{font-size:1em;margin:1em 0 .3em}.tenant{font-size:1.2em;margin:0}.slug{color:#667}\
        dl.meta,dl.details{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;margin:1em 0}dt{font-weight:bold}dd{margin:0}\
        .practice{font-style:italic;color:#445;border-left:4px solid #9bb7d4;padding-left:.8em}\
        table{border-collapse:collapse;margin:.5em 0;width:100%}th,td{border:1px solid #ccd;padding:.25em .5em;text-align:left;vertical-align:top}\
        thead th{background:#eef2f7}table.figures{width:auto;min-width:50%}table.figures th{font-weight:normal}\
        table.exceptions td{background:#fff6f4}.ok{color:#1a7f37}.bad{color:#b42318;font-weight:bold}\
        .charts{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figcaption{font-size:.9em;color:#556}\
        footer{margin-top:2em;border-top:1px solid #ccd;color:#556;font-size:.9em}\
        @media print{body{margin:0;max-width:none;font-size:11px}section{break-inside:avoid-page}h2{break-after:avoid}}
        """
}
