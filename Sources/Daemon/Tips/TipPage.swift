import Foundation
import Hummingbird
import Mailer
import Storage
import WebCommon

/// The HTML of the tip pages: plain forms with labels, inline CSS, no JavaScript, and
/// the headers that keep them private (strict CSP, no framing, no caching).
struct TipPage: Sendable {
    let text: TipPageText
    /// The tenant's display name and slug (for titles and form actions).
    let tenantName: String
    let slug: String

    private var base: String { "/t/\(slug)/tips" }
    private var lang: String { text.language.rawValue }

    /// The report form, with an error above it and the reporter's input kept.
    func form(csrf: String, error: String? = nil, tipText: String = "", contact: String = "") -> String {
        let other: TipLanguage = text.language == .en ? .es : .en
        return page(text.formTitle, """
            <p>\(escape(text.formIntro))</p>
            \(errorBox(error))
            <form method="post" action="\(base)">
            <input type="hidden" name="csrf" value="\(escape(csrf))">
            <input type="hidden" name="lang" value="\(lang)">
            <label for="text">\(escape(text.textLabel))</label>
            <textarea id="text" name="text" rows="10" maxlength="\(EventRecordsRepository.tipTextLimit)" required aria-describedby="text-hint">\(escape(tipText))</textarea>
            <p id="text-hint" class="hint">\(escape(text.textHint))</p>
            <label for="contact">\(escape(text.contactLabel))</label>
            <input id="contact" name="contact" type="text" maxlength="\(EventRecordsRepository.tipContactLimit)" autocomplete="off" value="\(escape(contact))" aria-describedby="contact-hint">
            <p id="contact-hint" class="hint">\(escape(text.contactHint))</p>
            <button type="submit">\(escape(text.submit))</button>
            </form>
            <p class="hint">\(escape(text.stored))</p>
            <p><a href="\(base)/status?lang=\(lang)">\(escape(text.statusLink))</a> · <a href="\(base)?lang=\(other.rawValue)" hreflang="\(other.rawValue)" lang="\(other.rawValue)">\(escape(text.otherLanguage))</a></p>
            """)
    }

    /// The receipt: the code, shown once.
    func receipt(code: TipReceiptCode) -> String {
        page(text.receiptTitle, """
            <p>\(escape(text.receiptIntro))</p>
            <p>\(escape(text.receiptCode)):</p>
            <p class="code" id="receipt-code">\(code.grouped)</p>
            <p><a href="\(base)/status?lang=\(lang)">\(escape(text.statusLink))</a></p>
            """)
    }

    /// The form asking for a receipt code, with an answer (or the neutral "no match").
    func status(csrf: String, answer: TipStatusView? = nil, message: String? = nil) -> String {
        page(text.statusTitle, """
            \(answer.map(statusAnswer) ?? "")
            \(errorBox(message))
            <form method="post" action="\(base)/status">
            <input type="hidden" name="csrf" value="\(escape(csrf))">
            <input type="hidden" name="lang" value="\(lang)">
            <label for="code">\(escape(text.codeLabel))</label>
            <input id="code" name="code" type="text" maxlength="40" autocomplete="off" spellcheck="false" required aria-describedby="code-hint">
            <p id="code-hint" class="hint">\(escape(text.codeHint))</p>
            <button type="submit">\(escape(text.check))</button>
            </form>
            <p><a href="\(base)?lang=\(lang)">\(escape(text.newReport))</a></p>
            """)
    }

    /// A page that only says what went wrong.
    func message(_ title: String, _ message: String) -> String {
        page(title, "<p role=\"alert\">\(escape(message))</p>")
    }

    private func statusAnswer(_ view: TipStatusView) -> String {
        let answer = view.publicAnswer.isEmpty ? "<p>\(escape(text.noAnswer))</p>" : "<p class=\"answer\" id=\"public-answer\">\(escape(view.publicAnswer))</p>"
        return """
            <section aria-labelledby="status-heading"><h2 id="status-heading">\(escape(text.statusLabel))</h2>
            <dl><dt>\(escape(text.statusLabel))</dt><dd id="tip-status" data-status="\(view.status.rawValue)">\(escape(text.status(view.status)))</dd>
            <dt>\(escape(text.received))</dt><dd>\(view.receivedOn)</dd></dl>
            <h3>\(escape(text.answerLabel))</h3>\(answer)</section>
            """
    }

    private func errorBox(_ error: String?) -> String {
        error.map { "<p class=\"error\" role=\"alert\" id=\"form-error\">\(escape($0))</p>" } ?? ""
    }

    private func page(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang)">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="same-origin">
        <title>\(escape(title)) · \(escape(tenantName))</title>
        <style>\(Self.style)</style></head>
        <body><main>
        <p class="tenant">\(escape(tenantName))</p>
        <h1>\(escape(title))</h1>
        \(body)
        </main></body></html>
        """
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b;line-height:1.5}\
        main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #ddd}\
        label{display:block;font-weight:600;margin-top:1rem}\
        textarea,input[type=text]{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #767676}\
        button{margin-top:1rem;font:inherit;padding:.5rem 1rem;background:#1d4f91;color:#fff;border:0}\
        .hint{color:#555;font-size:.9rem}.tenant{color:#555;margin:0}\
        .error{border-left:4px solid #b00020;padding:.5rem;background:#fdecee}\
        .code{font-family:monospace;font-size:1.6rem;letter-spacing:.1rem}.answer{white-space:pre-wrap}
        """

    /// An HTML response with the tip pages' headers (and a cookie to set, if any).
    static func response(_ status: HTTPResponse.Status, _ html: String, cookie: String? = nil, retryAfter: Int? = nil) -> Response {
        var extra: HTTPFields = [:]
        if let retryAfter { extra[.retryAfter] = String(retryAfter) }
        return PageHeaders.html(status, html, inlineStyles: true, cookies: cookie.map { [$0] } ?? [], extra: extra)
    }
}

/// Escapes text for HTML element content and quoted attribute values.
func escape(_ text: String) -> String {
    HTML(escaping: text).markup
}
