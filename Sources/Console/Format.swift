import Compliance
import Foundation
import Storage
import WebCommon

/// Small renderings shared by the pages.
enum Format {
    /// An obligation kind's rule name (the raw kind when unknown).
    static func kind(_ raw: String) -> String {
        ObligationKind(rawValue: raw)?.ruleName ?? raw
    }

    /// A subject, linked to the hire page when it is a hire.
    static func subject(kind: String, id: String, slug: String) -> HTML {
        if kind == "tenant" { return "the client" }
        guard kind == "hire" else { return "\(kind.replacingOccurrences(of: "_", with: " ")) \(id)" }
        return "<a href=\"/tenants/\(slug)/hires/\(Path.segment(id))\">hire \(id)</a>"
    }

    /// An optional value, or a dash.
    static func optional(_ text: String?) -> HTML {
        guard let text, !text.isEmpty else { return "<span class=\"hint\">—</span>" }
        return HTML(escaping: text)
    }

    /// An instant as `YYYY-MM-DD HH:MM UTC`.
    static func instant(_ date: Date) -> String {
        UTCTimestamp.format(date).prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// A definition list of label and value pairs.
    static func facts(_ pairs: [(String, HTML)]) -> HTML {
        "<dl class=\"facts\">\(pairs.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
    }

    /// The state of an obligation, coloured.
    static func state(_ state: String, due: String, today: CivilDate) -> HTML {
        if state == "open", due < today.description { return "<span class=\"bad\">overdue</span>" }
        if state == "open" { return "open" }
        return "<span class=\"ok\">\(state)</span>"
    }
}

