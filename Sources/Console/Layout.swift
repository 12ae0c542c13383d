import Storage
import WebCommon

/// The console's page chrome: one stylesheet from this origin, a skip link, the header
/// with the account and the sign-out form, and the main landmark.
enum Layout {
    /// A whole page. `session` adds the header of a signed-in account.
    static func page(title: String, session: ConsoleSession? = nil, breadcrumbs: [(String, String)] = [], body: HTML) -> HTML {
        pageStart(title: title, session: session, breadcrumbs: breadcrumbs) + body + pageEnd
    }

    /// A page up to the start of its main landmark (for a page written in parts).
    static func pageStart(title: String, session: ConsoleSession?, breadcrumbs: [(String, String)]) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
        <title>\(title) · Attest</title><link rel="stylesheet" href="/assets/console.css"></head>
        <body><a class="skip" href="#main">Skip to content</a>
        \(header(session: session, breadcrumbs: breadcrumbs))
        <main id="main">
        """
    }

    /// The end of a page begun with ``pageStart(title:session:breadcrumbs:)``.
    static let pageEnd: HTML = "</main>\n</body></html>\n"

    private static func header(session: ConsoleSession?, breadcrumbs: [(String, String)]) -> HTML {
        guard let session, session.stage == .signedIn else {
            return "<header><p class=\"brand\">Attest console</p></header>"
        }
        let crumbs = HTML(joining: breadcrumbs.map { link, label in "<li><a href=\"\(link)\">\(label)</a></li>" as HTML })
        return """
            <header><p class="brand"><a href="/">Attest console</a></p>\
            <nav aria-label="Breadcrumb"><ol class="crumbs"><li><a href="/">Overview</a></li>\(crumbs)</ol></nav>\
            <a href="/deliveries">Deliveries that need attention</a>\(session.role == .admin ? " <a href=\"/admin\">Accounts and tokens</a>" as HTML : "")\
            <form id="sign-out" method="post" action="/sign-out"><span class="who">\(session.name) (\(session.role.rawValue))</span>\
            <input type="hidden" name="form_token" value="\(session.formToken)">\
            <button type="submit">Sign out</button></form></header>
            """
    }

    /// A table with a caption and column headers; `rows` already hold their cells.
    static func table(id: String? = nil, caption: String, headers: [String], rows: [HTML], empty: String = "Nothing recorded yet.") -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        let heads = HTML(joining: headers.map { "<th scope=\"col\">\($0)</th>" as HTML })
        let idAttribute: HTML = id.map { "id=\"\($0)\" " } ?? ""
        return "<table \(idAttribute)><caption>\(caption)</caption><thead><tr>\(heads)</tr></thead><tbody>\(rows)</tbody></table>"
    }

    /// A row of plain cells.
    static func row(_ cells: [HTML]) -> HTML {
        "<tr>\(cells.map { "<td>\($0)</td>" as HTML })</tr>"
    }

    /// The stylesheet (served at `/assets/console.css`). Colours meet WCAG AA contrast.
    static let stylesheet = """
        *{box-sizing:border-box}
        body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b;line-height:1.45}
        a{color:#0b4f9c}a:focus,button:focus,input:focus,select:focus{outline:3px solid #c25100;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:1}
        header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.6rem 1.2rem;background:#1d3557;color:#fff}
        header a{color:#fff}.brand{font-weight:700;margin:0}
        .crumbs{display:flex;gap:.5rem;list-style:none;margin:0;padding:0}.crumbs li+li::before{content:"/";margin-right:.5rem}
        #sign-out{margin-left:auto;display:flex;gap:.6rem;align-items:center}
        main{max-width:80rem;margin:1rem auto;padding:1rem 1.5rem;background:#fff;border:1px solid #ddd}
        h1{font-size:1.5rem;margin-top:0}h2{font-size:1.2rem;margin-top:1.6rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0}caption{text-align:left;font-weight:600;padding:.3rem 0}
        th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
        th{background:#eef1f5}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .totals{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0}
        .totals li{border:1px solid #ccc;padding:.5rem 1rem;min-width:9rem}.totals strong{display:block;font-size:1.4rem}
        .bad{color:#a4001d;font-weight:600}.warn{color:#7a4a00;font-weight:600}.ok{color:#1e5e20}
        .error{border-left:4px solid #b00020;padding:.5rem;background:#fdecee}
        .empty{color:#555}.hint{color:#555;font-size:.9rem}
        label{display:block;font-weight:600;margin-top:.8rem}
        input[type=text],input[type=email],input[type=password],input[type=search]{font:inherit;padding:.45rem;border:1px solid #767676;width:100%;max-width:24rem}
        button{font:inherit;padding:.45rem 1rem;background:#0b4f9c;color:#fff;border:0;cursor:pointer}
        header button{background:#fff;color:#1d3557}
        .narrow{max-width:32rem}code.secret{font-size:1.2rem;letter-spacing:.1rem;word-break:break-all}
        code{word-break:break-all}nav.records ul{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0}
        .pager{display:flex;gap:1rem}
        .facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1.2rem;margin:.5rem 0}.facts dt{font-weight:600}.facts dd{margin:0}
        td ul{margin:0;padding-left:1.1rem}details summary{cursor:pointer;color:#0b4f9c}
        iframe.report{width:100%;height:70vh;border:1px solid #ccc}
        input[type=date],select{font:inherit;padding:.4rem;border:1px solid #767676}
        input[aria-invalid=true],select[aria-invalid=true]{border:2px solid #b00020}
        .field-error{display:block;color:#a4001d;font-weight:600}.hint{display:block}
        .check{margin-top:.8rem}.check label{display:inline;margin:0}
        .notice{border-left:4px solid #1e5e20;padding:.5rem;background:#e9f4ea}
        form.inline{display:inline-block;margin:0 .3rem .3rem 0}
        details.action{border:1px solid #ddd;padding:.4rem .8rem;margin:.4rem 0}details.action[open]{background:#fafafa}
        """
}
