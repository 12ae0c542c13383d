import Foundation
@testable import Mailer
import PropertyBased
import Testing

/// The fast encoders give the same bytes as the simple ones they replaced
/// (``ReferenceEncoders``), on random input rich in what they treat specially.
@Suite("fast encoders match the reference encoders")
struct EncoderEquivalenceTests {
    /// Line endings, dots, spaces, tabs, `=`, control and 8-bit bytes, and plenty of
    /// letters so that lines get long enough for soft breaks and the 8-byte paths.
    static let alphabet: [UInt8] = Array("\r\n. \t=".utf8) + [0x00, 0x0B, 0x7F, 0x80, 0xC3, 0xA9, 0xFF] + Array(String(repeating: "abcdefgh", count: 4).utf8)
    static let bytes = Gen.int(in: 0...(alphabet.count - 1)).map { alphabet[$0] }.array(of: 0...600)
    /// Mostly plain text with occasional specials, as message bodies are.
    static let text = Gen.int(in: 0...99).map { $0 < 90 ? "word " : ["\n", "\r\n", ".", "é", "=", "\t", " ", "✓", "\r", "x".padding(toLength: 90, withPad: "y", startingAt: 0)][$0 - 90] }
        .array(of: 0...200).map { $0.joined() }
    static let headerText = Gen.int(in: 0...99).map { $0 < 80 ? "Word" : [" ", "  ", "\"", "\\", "=?", "é", ".", "(x)", "日本", "👩‍👩‍👧", " ́", "?", "=", "@", "a_b", "-", "!", "~", ",", ";"][$0 - 80] }
        .array(of: 0...40).map { $0.joined() }

    @Test("quoted-printable: the same bytes as the reference")
    func quotedPrintable() async {
        await propertyCheck(count: 500, input: Self.bytes) { input in
            #expect(QuotedPrintable.encode(input) == ReferenceEncoders.quotedPrintable(input))
            #expect(QuotedPrintable.encode(input).count <= QuotedPrintable.maximumEncodedCount(input.count))
        }
    }

    @Test("quoted-printable: the worst cases stay within the bound")
    func quotedPrintableBound() {
        for input in [[UInt8](repeating: 0xFF, count: 1000), [UInt8](repeating: 0x0A, count: 1000), Array(String(repeating: "a\u{7F}", count: 500).utf8), []] {
            #expect(QuotedPrintable.encode(input) == ReferenceEncoders.quotedPrintable(input))
            #expect(QuotedPrintable.encode(input).count <= QuotedPrintable.maximumEncodedCount(input.count))
        }
    }

    @Test("DATA phase: the same bytes as the reference, by the fast path or the slow one")
    func dataPhase() async {
        await propertyCheck(count: 500, input: Self.bytes) { input in
            #expect(SMTPDataEncoder.encodedBytes(input) == ReferenceEncoders.dataPhase(input))
        }
        // The fast path is taken exactly when nothing but the end marker (and a last CRLF)
        // is to be added.
        await propertyCheck(count: 500, input: Self.bytes) { input in
            let unchanged = input + (input.isEmpty || input.last == 0x0A ? [] : Array("\r\n".utf8)) + Array(".\r\n".utf8)
            let isWireForm = input.withUnsafeBufferPointer { SMTPDataEncoder.isWireForm($0) }
            #expect(isWireForm == (ReferenceEncoders.dataPhase(input) == unchanged))
        }
        // Wire-form input, as the MIME encoder makes it: CRLF only, no line starting with a dot.
        await propertyCheck(count: 300, input: Self.bytes) { input in
            var wire = Array(ReferenceEncoders.dataPhase(input).dropLast(3))
            for index in wire.indices where wire[index] == UInt8(ascii: ".") && (index == 0 || wire[index - 1] == 0x0A) {
                wire[index] = UInt8(ascii: "x")
            }
            #expect(wire.withUnsafeBufferPointer { SMTPDataEncoder.isWireForm($0) })
            #expect(SMTPDataEncoder.encodedBytes(wire) == ReferenceEncoders.dataPhase(wire))
        }
    }

    @Test("DATA phase: edge cases of both paths", arguments: [
        "", ".", "\r", "\n", "\r\n", "a", "a\r\n", "a\r", "a\n", ".\r\n", "a\r\n.", "a\r\n.b\r\n", "a\n.b", "a\r\r\n", "a\r\n\r\n", "..\r\n..",
    ])
    func dataPhaseEdges(input: String) {
        let bytes = Array(input.utf8)
        #expect(SMTPDataEncoder.encodedBytes(bytes) == ReferenceEncoders.dataPhase(bytes))
    }

    @Test("header values: phrase, unstructured and folding as before")
    func headerValues() async {
        await propertyCheck(count: 500, input: Self.headerText) { text in
            #expect(HeaderText.phrase(text) == ReferenceEncoders.phrase(text))
            #expect(HeaderText.unstructured(text) == ReferenceEncoders.unstructured(text))
            #expect(HeaderText.isPlain(text) == ReferenceEncoders.isPlain(text))
            let value = HeaderText.unstructured(text)
            var line: [UInt8] = []
            HeaderText.appendHeaderLine("Subject", value, to: &line)
            #expect(String(decoding: line, as: UTF8.self) == ReferenceEncoders.headerLine("Subject", value))
        }
    }

    @Test("dates as Foundation's calendar gives them")
    func dates() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...4_102_444_799)) { seconds in
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(RFC5322Date.format(date) == ReferenceEncoders.date(date))
        }
    }

    @Test("whole messages: the same bytes as the reference for the same boundary")
    func messages() async throws {
        await propertyCheck(count: 200, input: Self.headerText, Self.headerText, Self.text, Self.text, Gen.bool) { subject, name, text, html, multipart in
            let message = try MailMessage(
                from: MailAddress("attest@agency.test", name: name), to: [MailAddress("a@b.test", name: subject), MailAddress("c@d.test")],
                replyTo: multipart ? MailAddress("r@agency.test", name: name) : nil, subject: subject,
                messageID: "id-\(subject.utf8.count)@attest.test", date: Date(timeIntervalSince1970: 1_750_000_000),
                text: text, html: multipart ? html : nil
            )
            let boundary = MIMEEncoder.boundary()
            #expect(MIMEEncoder(message: message, boundary: boundary).encode() == ReferenceEncoders.mime(message, boundary: boundary))
        }
    }

    @Test("boundaries: =_attest_ and 32 lowercase hex digits, never the same twice in a process")
    func boundaries() {
        let boundaries = (0..<1000).map { _ in MIMEEncoder.boundary() }
        #expect(Set(boundaries).count == boundaries.count)
        for boundary in boundaries.prefix(10) {
            #expect(boundary.hasPrefix("=_attest_"))
            #expect(boundary.dropFirst(9).count == 32 && boundary.dropFirst(9).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        }
    }
}
