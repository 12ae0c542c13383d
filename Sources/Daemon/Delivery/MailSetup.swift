import Foundation
import Mailer

/// What a tenant's dispatcher sends with: a transport, the sender and the templates,
/// how many messages it may have in flight at once (the transport's connections), and
/// how many deliveries a dispatcher claims at a time.
struct MailSetup: Sendable {
    /// The most deliveries one claim takes: enough that the database's work per
    /// delivery is small beside a message's, few enough to send well within the lease.
    static let maximumBatchSize = 200

    let transport: any MailTransport
    let composer: DeliveryComposer
    let concurrency: Int
    let batchSize: Int

    init(transport: any MailTransport, composer: DeliveryComposer) {
        self.transport = transport
        self.composer = composer
        let smtp = (transport as? SMTPTransport)?.configuration
        self.concurrency = smtp?.maximumConnections ?? 4
        self.batchSize = Self.claimSize(messagesPerSecond: smtp?.maximumMessagesPerSecond, lease: Dispatcher.lease)
    }

    /// A rate-limited relay gets a batch it can take in a quarter of the lease, so a
    /// claimed delivery is never sent after its lease expired and another daemon took it.
    static func claimSize(messagesPerSecond: Double?, lease: TimeInterval) -> Int {
        guard let rate = messagesPerSecond, rate > 0 else { return maximumBatchSize }
        return min(maximumBatchSize, max(1, Int(rate * lease / 4)))
    }
}
