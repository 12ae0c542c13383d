import Foundation
import Mailer
import Testing

/// Messages sent through a real server, then parsed by Python's `email` package.
@Suite("MIME messages parsed by a real MIME parser")
struct MessageRoundTripTests {
    static let longLine = String(repeating: "0123456789", count: 250)
    static let text = "Bare LF line\nCRLF line\r\n.leading dot\n..two dots\n.\n\(longLine)\nÜnïcødé ✓ 日本語 and trailing space \nlast line"
    static let html = "<p>Ünïcødé ✓ &amp; <b>bold</b></p>\n.dot line\n\(longLine)\n"
    static let subject = "Überfällig: Form I-9 für José Ñúñez — 日本語のテキスト and a rather long subject line that needs several encoded words ✓✓✓"

    static func message() throws -> MailMessage {
        try MailMessage(
            from: MailAddress("attest@agency.test", name: "Attest Compliance Bot"),
            to: [MailAddress("ann@client.test", name: "Ann-Marie Lee, HR"), MailAddress("jose@client.test", name: "José Ñúñez")],
            replyTo: MailAddress("help@agency.test", name: "Agency Help Desk"),
            subject: subject, messageID: "delivery-42@attest.test",
            date: Date(timeIntervalSince1970: 1_750_000_000), text: text, html: html
        )
    }

    /// What a parser gives back: line endings as LF.
    static func decoded(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n")
    }

    static func check(_ parsed: ParsedMessage) {
        #expect(parsed.subject == subject)
        #expect(parsed.from == [.init(name: "Attest Compliance Bot", address: "attest@agency.test")])
        #expect(parsed.to == [.init(name: "Ann-Marie Lee, HR", address: "ann@client.test"), .init(name: "José Ñúñez", address: "jose@client.test")])
        #expect(parsed.reply_to == [.init(name: "Agency Help Desk", address: "help@agency.test")])
        #expect(parsed.message_id == "<delivery-42@attest.test>")
        #expect(parsed.date == "Sun, 15 Jun 2025 15:06:40 +0000")
        #expect(parsed.mime_version == "1.0")
        #expect(parsed.auto_submitted == "auto-generated")
        #expect(parsed.content_type == "multipart/alternative")
        #expect(parsed.parts.map(\.type) == ["text/plain", "text/html"])
        #expect(parsed.parts.first?.content == decoded(text))
        #expect(parsed.parts.last?.content == decoded(html))
        #expect(parsed.defects.isEmpty)
        #expect(parsed.max_line_length <= 998)
        #expect(parsed.seven_bit)
    }

    @Test("bare LF, leading dots, lines over 998 octets, non-ASCII subject and names over SMTP", arguments: [true, false])
    func throughSMTP(pipelining: Bool) async throws {
        try await SMTPTestServer.with(.init(tls: "starttls", pipelining: pipelining)) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .startTLS))
            let outcome = await transport.send(try Self.message())
            await transport.close()
            #expect(outcome.isAccepted, "\(outcome)")
            let messages = try server.messages()
            try #require(messages.count == 1)
            Self.check(messages[0])
            #expect(try server.events().first?.rcpt_tos == ["ann@client.test", "jose@client.test"])
        }
    }

    @Test("the maildir transport stores a message a mail client can read")
    func throughMaildir() async throws {
        let directory = try TestFiles.temporaryDirectory("maildir")
        let transport = try MailTransportFactory.make(url: "maildir:\(directory.path)", logger: Fixture.logger)
        let outcome = await transport.send(try Self.message())
        let second = await transport.send(try Self.message())
        #expect(outcome.isAccepted && second.isAccepted)
        #expect(outcome.reply?.text.hasPrefix("stored as new/") == true)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("new").path)
        #expect(files.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("tmp").path).isEmpty)
        let parsed = try ParsedMessage.parse(maildir: directory)
        try #require(parsed.count == 2)
        Self.check(parsed[0])
    }
}
