import Foundation

/// A sample reminder for `attest mail test`: made-up data, the shipped templates.
public enum SampleReminder {
    /// The context the sample renders.
    public static let context = ReminderContext(
        recipientName: "Test Recipient",
        tenantLegalName: "Example Staffing Client, Inc.",
        items: [
            ReminderItem(
                kind: "i9_section2", title: "Form I-9 Section 2 for Jordan Example",
                subjectDescription: "Jordan Example, started work on 3 March 2025",
                dueDate: "Thursday, 6 March 2025", daysUntilDue: 2, stage: "first_notice"
            ),
        ]
    )

    /// One sample reminder message from `from` to `to`.
    /// - Throws: ``MessageError`` for an unusable address or Message-ID,
    ///   ``TemplateError`` if the templates fail (they are tested not to).
    public static func message(
        from: MailAddress, to: MailAddress, messageID: String, templates: TemplateSet? = nil, date: Date = Date()
    ) throws -> MailMessage {
        let rendered = try (templates ?? TemplateSet.shipped()).render(context)
        return try MailMessage(
            from: from, to: [to], subject: "[Test] " + rendered.subject,
            messageID: messageID, date: date, text: rendered.text, html: rendered.html
        )
    }
}
