import Mailer

/// What a tenant's dispatcher sends with: a transport, the sender and the templates.
struct MailSetup: Sendable {
    let transport: any MailTransport
    let composer: DeliveryComposer
}
