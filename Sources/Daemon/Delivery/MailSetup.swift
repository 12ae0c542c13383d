import Mailer

/// What a tenant's dispatcher sends with: a transport, the sender and the templates,
/// and how many messages it may have in flight at once (the transport's connections).
struct MailSetup: Sendable {
    let transport: any MailTransport
    let composer: DeliveryComposer
    let concurrency: Int

    init(transport: any MailTransport, composer: DeliveryComposer) {
        self.transport = transport
        self.composer = composer
        self.concurrency = (transport as? SMTPTransport)?.configuration.maximumConnections ?? 4
    }
}
