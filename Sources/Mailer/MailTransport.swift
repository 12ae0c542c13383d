/// Something that delivers messages: an SMTP relay or a maildir. Make one from a URL
/// with ``MailTransportFactory``.
public protocol MailTransport: Sendable {
    /// Delivers `message` to the recipients in its To header. Never throws: every
    /// failure is a ``DeliveryOutcome``.
    func send(_ message: MailMessage) async -> DeliveryOutcome

    /// Finishes open connections (QUIT). Later sends fail transiently.
    func close() async
}
