@testable import Daemon
import Mailer
import Testing

@Suite("How much a dispatcher claims at a time")
struct MailSetupTests {
    @Test("an unlimited relay gets the largest batch")
    func unlimited() {
        #expect(MailSetup.claimSize(messagesPerSecond: nil, lease: 300) == MailSetup.maximumBatchSize)
        #expect(MailSetup.claimSize(messagesPerSecond: 0, lease: 300) == MailSetup.maximumBatchSize)
    }

    @Test("a rate-limited relay gets a batch it sends within a quarter of the lease", arguments: [0.01, 0.5, 1, 2, 10, 1_000])
    func rateLimited(rate: Double) {
        let size = MailSetup.claimSize(messagesPerSecond: rate, lease: 300)
        #expect(size >= 1 && size <= MailSetup.maximumBatchSize)
        // Sending one batch at the relay's rate never outlasts a quarter of the lease
        // (a single delivery may, when the rate is below one per 75 s).
        #expect(size == 1 || Double(size) / rate <= 300 / 4)
    }

    @Test("an SMTP transport's connections and rate decide concurrency and batch size")
    func fromTransport() throws {
        var configuration = SMTPConfiguration(host: "127.0.0.1", port: 25, security: .none, clientName: "attest.test")
        configuration.maximumConnections = 3
        configuration.maximumMessagesPerSecond = 0.5
        let setup = MailSetup(transport: try SMTPTransport(configuration: configuration),
                              composer: DeliveryComposer(templates: try TemplateSet.shipped(), sender: try MailAddress("a@agency.example")))
        #expect(setup.concurrency == 3)
        #expect(setup.batchSize == 37)
    }
}
