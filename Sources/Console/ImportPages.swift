import Foundation
import Storage
import WebCommon

/// The HTML of the CSV upload: the form, the preview, the problem table, the summary.
enum ImportPages {
    static func tooLarge(_ limit: Int) -> String {
        "The file is larger than \(megabytes(limit)). Split it into smaller files (each keeps the header row) and upload them one after another."
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
    }

    static func form(tenant: Tenant, session: ConsoleSession, limit: Int, problem: String?) -> HTML {
        let kinds = RecordImporter.Kind.allCases.map { kind -> HTML in "<option value=\"\(kind.rawValue)\">\(label(kind))</option>" }
        let body: HTML = """
            <h1>Upload a CSV file <span class="hint">\(tenant.legalName)</span></h1>
            \(problem.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML } ?? "")
            <p>An export of the client's HR system, as <code>attest import</code> reads it (the README's Importing section lists
            the columns). Nothing is saved until you have seen the preview and chosen to import; then every row is saved, or none.</p>
            <form id="upload-form" method="post" action="/tenants/\(tenant.slug)/import" enctype="multipart/form-data">
            <input type="hidden" name="form_token" value="\(session.formToken)">
            <label for="upload-kind">What the file holds</label><select id="upload-kind" name="kind" required>\(HTML(joining: kinds))</select>
            <label for="upload-file">CSV file (UTF-8, at most \(megabytes(limit)))</label>
            <input type="file" id="upload-file" name="file" accept=".csv,text/csv" required>
            <p><button type="submit">Preview</button></p></form>
            """
        return page(tenant: tenant, session: session, title: "Upload a CSV file", body: body)
    }

    static func preview(tenant: Tenant, session: ConsoleSession, upload: ConsoleUpload, report: RecordImporter.Report) -> HTML {
        page(tenant: tenant, session: session, title: "Preview of \(upload.fileName)", body: previewBody(tenant: tenant, session: session, upload: upload, report: report))
    }

    static func previewBody(tenant: Tenant, session: ConsoleSession, upload: ConsoleUpload, report: RecordImporter.Report) -> HTML {
        """
            <h1>Preview of \(upload.fileName) <span class="hint">\(tenant.legalName)</span></h1>
            <p role="status">Nothing is saved yet. Importing this file would save:</p>
            \(summary(report))
            <form id="import-form" method="post" action="/tenants/\(tenant.slug)/import/\(upload.id.uuidString.lowercased())">
            <input type="hidden" name="form_token" value="\(session.formToken)">
            <p><button type="submit">Import \(report.rows) rows</button> <a href="/tenants/\(tenant.slug)/import">Upload another file</a></p></form>
            """
    }

    static func problems(tenant: Tenant, session: ConsoleSession, upload: ConsoleUpload, problems: [ImportProblem]) -> HTML {
        page(tenant: tenant, session: session, title: "\(upload.fileName) cannot be imported", body: problemsBody(tenant: tenant, upload: upload, problems: problems))
    }

    static func problemsBody(tenant: Tenant, upload: ConsoleUpload, problems: [ImportProblem]) -> HTML {
        let rows = problems.map { p in Layout.row(["\(p.line)", Format.optional(p.column), HTML(escaping: p.message)]) }
        let download = "/tenants/\(tenant.slug)/import/\(upload.id.uuidString.lowercased())/problems.csv"
        return """
            <h1>\(upload.fileName) cannot be imported <span class="hint">\(tenant.legalName)</span></h1>
            <p class="error" role="alert">\(problems.count) problem\(problems.count == 1 ? "" : "s") in the file: nothing was saved.
            Correct them in the file (or in the client's records), then upload it again.</p>
            <p><a href="\(download)" download>Download the problems as CSV</a> · <a href="/tenants/\(tenant.slug)/import">Upload a corrected file</a></p>
            \(Layout.table(id: "problems", caption: "Every problem of the file", headers: ["Line", "Column", "What"], rows: rows))
            """
    }

    static func imported(tenant: Tenant, session: ConsoleSession, upload: ConsoleUpload, report: RecordImporter.Report) -> HTML {
        page(tenant: tenant, session: session, title: "Imported \(upload.fileName)", body: importedBody(tenant: tenant, upload: upload, report: report))
    }

    static func importedBody(tenant: Tenant, upload: ConsoleUpload, report: RecordImporter.Report) -> HTML {
        """
            <h1>Imported \(upload.fileName) <span class="hint">\(tenant.legalName)</span></h1>
            <p class="notice" role="status">The \(report.rows) rows were saved.</p>
            \(summary(report))
            <p><a href="/tenants/\(tenant.slug)">Back to \(tenant.legalName)</a> · <a href="/tenants/\(tenant.slug)/import">Upload another file</a></p>
            """
    }

    /// The start of a page that works on a large file: the result follows when it is done.
    static func working(tenant: Tenant, session: ConsoleSession, upload: ConsoleUpload, rows: Int, importing: Bool) -> HTML {
        Layout.pageStart(title: "\(importing ? "Importing" : "Checking") \(upload.fileName)", session: session,
                         breadcrumbs: [("/tenants/\(tenant.slug)", tenant.legalName)])
            + """
            <p class="hint" id="working">\(importing ? "Importing" : "Checking") the \(rows) rows of \(upload.fileName): the result appears \
            below when it is done. Keep this page open.</p>
            """
    }

    private static func summary(_ report: RecordImporter.Report) -> HTML {
        Format.facts([("Rows read", "\(report.rows)"), ("Records added or changed", "\(report.changed)"),
                      ("Obligations added", "\(report.obligationsInserted)"), ("Obligations moved", "\(report.obligationsMoved)"),
                      ("Obligations cancelled", "\(report.obligationsCancelled)"), ("Obligations completed", "\(report.obligationsCompleted)")])
    }

    private static func label(_ kind: RecordImporter.Kind) -> String {
        switch kind {
        case .people: "People"
        case .trainings: "Trainings"
        case .hires: "Hires"
        case .nomatch: "No-match letters"
        }
    }

    private static func page(tenant: Tenant, session: ConsoleSession, title: String, body: HTML) -> HTML {
        Layout.page(title: title, session: session, breadcrumbs: [("/tenants/\(tenant.slug)", tenant.legalName)], body: body)
    }
}
