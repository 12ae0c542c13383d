import Foundation
import Mailer
import Testing

@Suite("Transports from URLs")
struct MailTransportFactoryTests {
    @Test("smtp:// is STARTTLS on 587 with credentials; smtps:// implicit TLS on 465")
    func schemes() throws {
        let smtp = try MailTransportFactory.smtpConfiguration(url: "smtp://user%40x:p%3Ass@relay.test")
        #expect(smtp.security == .startTLS)
        #expect(smtp.port == 587)
        #expect(smtp.host == "relay.test")
        #expect(smtp.credentials?.username == "user@x")
        #expect(smtp.credentials?.password == "p:ss")
        let smtps = try MailTransportFactory.smtpConfiguration(url: "smtps://u:p@relay.test?connections=4&max-messages=50&rate=20&timeout=5&helo=me.test")
        #expect(smtps.security == .implicitTLS)
        #expect(smtps.port == 465)
        #expect(smtps.maximumConnections == 4)
        #expect(smtps.maximumMessagesPerConnection == 50)
        #expect(smtps.maximumMessagesPerSecond == 20)
        #expect(smtps.timeouts == .all(.seconds(5)))
        #expect(smtps.clientName == "me.test")
        #expect(try MailTransportFactory.smtpConfiguration(url: "smtp://localhost:25?tls=none").security == .none)
    }

    @Test("bad URLs are refused with what is wrong, never the password", arguments: [
        "", "http://u:hunter2@relay.test", "smtp://u:hunter2@", "smtp://u:hunter2@relay.test:0",
        "smtp://u:hunter2@relay.test?tls=none", "smtps://u:hunter2@relay.test?tls=none",
        "smtp://u:hunter2@relay.test?bogus=1", "smtp://u:hunter2@relay.test?connections=0", "maildir:",
    ])
    func refused(url: String) {
        let error = #expect(throws: MailTransportURLError.self) {
            try MailTransportFactory.make(url: url, logger: Fixture.logger)
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(!text.contains("hunter2"))
        #expect(!text.isEmpty)
    }

    @Test("clear text only to a relay on this host", arguments: [
        ("smtp://localhost:25?tls=none", true), ("smtp://127.0.0.1:2525?tls=none", true), ("smtp://127.8.9.10?tls=none", true),
        ("smtp://[::1]:25?tls=none", true), ("smtp://relay.example:25?tls=none", false), ("smtp://10.0.0.5:25?tls=none", false),
        ("smtp://127.0.0.1.evil.example?tls=none", false), ("smtp://localhost.evil.example?tls=none", false),
    ])
    func clearTextIsLocalOnly(url: String, accepted: Bool) {
        do {
            #expect(try MailTransportFactory.smtpConfiguration(url: url).security == .none)
            #expect(accepted, "\(url) was accepted")
        } catch {
            #expect(!accepted, "\(url) was refused: \(error)")
            #expect("\(error)".contains("is not this host"))
        }
    }

    @Test("an unreadable CA file is reported when the transport is made")
    func badCAFile() {
        let error = #expect(throws: MailTransportURLError.self) {
            try MailTransportFactory.make(url: "smtps://u:hunter2@relay.test", caFile: "/nonexistent/ca.pem", logger: Fixture.logger)
        }
        #expect(error.map { "\($0)" }?.contains("/nonexistent/ca.pem") == true)
        #expect(error.map { "\($0)" }?.contains("hunter2") == false)
    }

    @Test("credentials are never shown")
    func redaction() {
        #expect(MailTransportFactory.redacted("smtp://u:hunter2@relay.test:587") == "smtp://u:***@relay.test:587")
        #expect(MailTransportFactory.redacted("smtp://u:hun@ter2@relay.test?tls=none") == "smtp://u:***@relay.test?tls=none")
        #expect(MailTransportFactory.redacted("smtp:u:hunter2@relay.test") == "smtp:u:***@relay.test")
        #expect(MailTransportFactory.redacted("smtp://relay.test:587?helo=a@b") == "smtp://relay.test:587?helo=a@b")
        #expect(MailTransportFactory.redacted("maildir:/var/mail") == "maildir:/var/mail")
        #expect("\(SMTPConfiguration.Credentials(username: "u", password: "hunter2"))" == "u:<redacted>")
    }

    @Test("the sample reminder renders and builds a message")
    func sample() throws {
        let message = try SampleReminder.message(
            from: MailAddress("attest@agency.test"), to: MailAddress("ops@agency.test"), messageID: "<test-1@attest.test>"
        )
        #expect(message.subject.contains("Form I-9 Section 2"))
        #expect(message.html?.contains("<html>") == true)
        #expect(message.text.contains("Jordan Example"))
    }
}
