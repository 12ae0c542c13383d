@testable import Mailer
import Testing

@Suite("SMTP replies and capabilities")
struct SMTPProtocolTests {
    @Test("a multi-line reply arriving byte by byte")
    func fragmentedMultiLine() throws {
        var parser = SMTPReplyParser()
        var replies: [SMTPReply] = []
        for byte in "250-mail.test Hello\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250 AUTH PLAIN LOGIN\r\n220 2.0.0 Ready".utf8 {
            replies += try parser.consume([byte])
        }
        #expect(replies.count == 1)
        #expect(replies[0].lines == ["mail.test Hello", "PIPELINING", "SIZE 1000", "AUTH PLAIN LOGIN"])
        #expect(parser.hasBufferedInput)
        replies = try parser.consume(Array("\r\n".utf8))
        #expect(replies.first?.code == 220)
        #expect(replies.first?.enhancedCode?.description == "2.0.0")
        #expect(replies.first?.text == "Ready")
        #expect(!parser.hasBufferedInput)
    }

    @Test("code alone, bare LF and enhanced codes on every line")
    func replyForms() throws {
        var parser = SMTPReplyParser()
        let replies = try parser.consume(Array("250\n550-5.1.1 No such\r\n550 5.1.1 user\r\n451 4.3.0\r\n".utf8))
        #expect(replies.map(\.code) == [250, 550, 451])
        #expect(replies[1].lines == ["No such", "user"])
        #expect(replies[1].enhancedCode == EnhancedStatusCode(statusClass: 5, subject: 1, detail: 1))
        #expect(replies[2].text == "")
        #expect(replies[2].isTransient && replies[1].isPermanent)
    }

    @Test("an enhanced code of the wrong class is text")
    func mismatchedEnhancedCode() throws {
        var parser = SMTPReplyParser()
        let reply = try parser.consume(Array("250 5.1.1 odd\r\n".utf8))[0]
        #expect(reply.enhancedCode == nil)
        #expect(reply.text == "5.1.1 odd")
    }

    @Test("malformed replies and lines over 512 octets are errors", arguments: [
        "25\r\n", "abc hello\r\n", "250*x\r\n", "999 x\r\n", "250-a\r\n354 b\r\n",
        "250 " + String(repeating: "x", count: 600) + "\r\n",
    ])
    func malformed(input: String) {
        var parser = SMTPReplyParser()
        let error = #expect(throws: SMTPError.self) { try parser.consume(Array(input.utf8)) }
        #expect(error?.code == .malformedReply)
    }

    @Test("EHLO keywords case-insensitively, AUTH=LOGIN, SIZE")
    func capabilities() {
        let reply = SMTPReply(code: 250, lines: ["mail.test", "pipelining", "Size 35882577", "auth=LOGIN", "AUTH plain", "starttls"])
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.pipelining && capabilities.startTLS && capabilities.isExtended)
        #expect(capabilities.sizeLimit == 35_882_577)
        #expect(capabilities.authMechanisms == ["LOGIN", "PLAIN"])
        #expect(SMTPCapabilities(ehloReply: SMTPReply(code: 250, lines: ["x", "SIZE"])).sizeLimit == 0)
    }

    @Test("the rate limiter spaces message starts")
    func rateLimiter() {
        var limiter = RateLimiter(messagesPerSecond: 10)
        _ = limiter.reserve()
        #expect(limiter.reserve() > .milliseconds(50))
        var unlimited = RateLimiter(messagesPerSecond: nil)
        #expect(unlimited.reserve() == .zero && unlimited.reserve() == .zero)
    }
}
