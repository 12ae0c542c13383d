/// The addresses of one SMTP transaction: `MAIL FROM` and each `RCPT TO`.
public struct SMTPEnvelope: Sendable, Equatable {
    public var sender: String
    public var recipients: [String]

    public init(sender: String, recipients: [String]) {
        self.sender = sender
        self.recipients = recipients
    }
}
