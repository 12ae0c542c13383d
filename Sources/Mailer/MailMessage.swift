import Foundation

/// One e-mail: headers checked when it is made, text and HTML bodies, encoded on demand
/// into a 7-bit MIME message (``encoded()``).
///
/// ```swift
/// let message = try MailMessage(
///     from: MailAddress("attest@agency.example", name: "Attest"),
///     to: [MailAddress("hr@client.example", name: "Ann Lee")],
///     subject: "Form I-9 Section 2 due Friday",
///     messageID: "<delivery-42@attest.agency.example>",
///     text: rendered.text, html: rendered.html)
/// ```
public struct MailMessage: Sendable {
    public let from: MailAddress
    public let to: [MailAddress]
    public let replyTo: MailAddress?
    public let subject: String
    /// `<key@host>`, fixed once per delivery and kept across retries.
    public let messageID: String
    public let date: Date
    public let text: String
    public let html: String?

    /// - Parameters:
    ///   - messageID: with or without angle brackets; they are added when missing.
    ///   - html: the HTML alternative; nil for a text-only message.
    /// - Throws: ``MessageError`` when a header value contains CR, LF or NUL, the
    ///   Message-ID is malformed, or there is no recipient.
    public init(
        from: MailAddress, to: [MailAddress], replyTo: MailAddress? = nil, subject: String,
        messageID: String, date: Date = Date(), text: String, html: String? = nil
    ) throws(MessageError) {
        guard !to.isEmpty else { throw MessageError(.noRecipients) }
        try HeaderText.checkNoLineBreaks(subject, field: "subject")
        try HeaderText.checkNoLineBreaks(messageID, field: "Message-ID")
        self.messageID = try Self.normalisedMessageID(messageID)
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.text = text
        self.html = html
    }

    /// The SMTP envelope: the From address and each To address.
    public var envelope: SMTPEnvelope {
        SMTPEnvelope(sender: from.address, recipients: to.map(\.address))
    }

    /// The whole message with CRLF line endings, every line under 998 octets, 7-bit.
    public func encoded() -> [UInt8] {
        MIMEEncoder(message: self).encode()
    }

    private static func normalisedMessageID(_ id: String) throws(MessageError) -> String {
        let bare = id.hasPrefix("<") && id.hasSuffix(">") ? String(id.dropFirst().dropLast()) : id
        let bytes = Array(bare.utf8)
        let valid = bytes.count <= 250 && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"<>()\\,;:\"[]".utf8.contains($0) }
            && bare.split(separator: "@", omittingEmptySubsequences: false).count == 2
            && !bare.hasPrefix("@") && !bare.hasSuffix("@")
        guard valid else { throw MessageError(.invalidMessageID(id)) }
        return "<\(bare)>"
    }
}
