import Foundation

/// Turns a ``MailMessage`` into bytes: RFC 5322 headers, then `multipart/alternative`
/// with text/plain first and text/html last, both quoted-printable in UTF-8.
struct MIMEEncoder {
    let message: MailMessage

    func encode() -> [UInt8] {
        var out = Array(headers().utf8)
        guard let html = message.html else {
            out += Array(partHeaders(type: "text/plain").utf8)
            out += QuotedPrintable.encode(Array(message.text.utf8))
            return out + [0x0D, 0x0A]
        }
        let boundary = Self.boundary()
        out += Array("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n".utf8)
        out += Array("This is a multi-part message in MIME format.\r\n".utf8)
        for (type, body) in [("text/plain", message.text), ("text/html", html)] {
            out += Array("\r\n--\(boundary)\r\n".utf8)
            out += Array(partHeaders(type: type).utf8)
            out += QuotedPrintable.encode(Array(body.utf8))
        }
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return out
    }

    private func headers() -> String {
        var lines = HeaderText.headerLine("Date", RFC5322Date.format(message.date))
        lines += HeaderText.headerLine("From", message.from.headerValue)
        lines += HeaderText.headerLine("To", message.to.map(\.headerValue).joined(separator: ", "))
        if let replyTo = message.replyTo { lines += HeaderText.headerLine("Reply-To", replyTo.headerValue) }
        lines += HeaderText.headerLine("Subject", HeaderText.unstructured(message.subject))
        lines += HeaderText.headerLine("Message-ID", message.messageID)
        lines += "MIME-Version: 1.0\r\n"
        lines += "Auto-Submitted: auto-generated\r\n"
        return lines
    }

    private func partHeaders(type: String) -> String {
        "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    }

    /// `=_` can never occur in quoted-printable text, so the boundary cannot collide.
    private static func boundary() -> String {
        "=_attest_" + UUID().uuidString.replacingAll("-", with: "").lowercased()
    }
}
