import Foundation
@testable import Mailer
import Testing

@Suite("MIME encoding")
struct MessageEncodingTests {
    @Test("CR, LF or NUL in any header value is rejected", arguments: ["a\r\nBcc: x@y.test", "a\nb", "a\rb", "a\0b"])
    func headerInjection(value: String) throws {
        #expect(throws: MessageError.self) { try MailAddress("a@b.test", name: value) }
        #expect(throws: MessageError.self) { try MailAddress("a@b.test\(value)") }
        let error = #expect(throws: MessageError.self) {
            try MailMessage(from: MailAddress("a@b.test"), to: [MailAddress("c@d.test")], subject: value, messageID: "<x@y>", text: "")
        }
        #expect(error?.isHeaderInjection == true)
        #expect(throws: MessageError.self) {
            try MailMessage(from: MailAddress("a@b.test"), to: [MailAddress("c@d.test")], subject: "s", messageID: "<x@y\(value)>", text: "")
        }
    }

    @Test("addresses must be ASCII local@domain")
    func invalidAddresses() {
        for bad in ["", "no-at", "a@", "@b.test", "a b@c.test", "<a@b.test>", "jösé@b.test", "a@b@c.test"] {
            #expect(throws: MessageError.self, "\(bad)") { try MailAddress(bad) }
        }
    }

    @Test("encoded-words are at most 75 characters and split between characters")
    func encodedWords() {
        let text = String(repeating: "日本語✓é👩‍👩‍👧", count: 20)
        let words = HeaderText.encodedWords(text)
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.map { word -> String in
            let base64 = String(word.dropFirst(10).dropLast(2))
            let data = Data(base64Encoded: base64)!
            return String(data: data, encoding: .utf8)!  // each word is valid UTF-8 on its own
        }.joined()
        #expect(decoded == text)
    }

    @Test("quoted-printable lines are at most 76 characters and CRLF-terminated")
    func quotedPrintable() {
        let input = Array((String(repeating: "é=x ", count: 300) + "\nnext\rline\r\nend ").utf8)
        let encoded = QuotedPrintable.encode(input)
        let lines = String(decoding: encoded, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(!String(decoding: encoded, as: UTF8.self).contains("\r\n\n"))
        #expect(encoded.allSatisfy { $0 < 128 })
        #expect(lines.last == "end=20")
    }

    @Test("dot-stuffing, CRLF normalisation and the end marker")
    func dotStuffing() {
        let out = SMTPDataEncoder.encodedBytes(Array(".a\nb\r.c\r\n..d\r\ne".utf8))
        #expect(String(decoding: out, as: UTF8.self) == "..a\r\nb\r\n..c\r\n...d\r\ne\r\n.\r\n")
        #expect(String(decoding: SMTPDataEncoder.encodedBytes(Array("x\r\n".utf8)), as: UTF8.self) == "x\r\n.\r\n")
    }

    @Test("headers: required fields present, long ASCII subjects folded, every line under 998 octets")
    func headers() throws {
        let subject = (0..<60).map { "word\($0)" }.joined(separator: " ")
        let message = try MailMessage(
            from: MailAddress("a@b.test", name: "Dr. A. \"Quote\" B"), to: [MailAddress("c@d.test")],
            subject: subject, messageID: "id@host", text: "t", html: "<p>h</p>"
        )
        let text = String(decoding: message.encoded(), as: UTF8.self)
        for header in ["Date: ", "From: \"Dr. A. \\\"Quote\\\" B\" <a@b.test>", "To: c@d.test", "Message-ID: <id@host>",
                       "MIME-Version: 1.0", "Auto-Submitted: auto-generated", "Content-Type: multipart/alternative"] {
            #expect(text.contains("\r\n" + header) || text.hasPrefix(header), "\(header)")
        }
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(text.firstRange(of: "text/plain")!.lowerBound < text.firstRange(of: "text/html")!.lowerBound)
    }
}

@Suite("RFC 5322 dates")
struct RFC5322DateTests {
    @Test("matches known instants", arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (1_750_000_000.0, "Sun, 15 Jun 2025 15:06:40 +0000"),
        (951_782_400.0, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (4_102_444_799.0, "Thu, 31 Dec 2099 23:59:59 +0000"),
    ])
    func known(seconds: Double, text: String) {
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: seconds)) == text)
    }
}
