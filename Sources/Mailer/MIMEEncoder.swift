import Foundation
import Synchronization

/// Turns a ``MailMessage`` into bytes: RFC 5322 headers, then `multipart/alternative`
/// with text/plain first and text/html last, both quoted-printable in UTF-8.
///
/// The whole message is written once into one allocation sized from an upper bound
/// (the headers as they are, each body at most ``QuotedPrintable/maximumEncodedCount(_:)``).
struct MIMEEncoder {
    let message: MailMessage
    /// The multipart boundary when a test fixes it; nil for a fresh random one.
    var fixedBoundary: String?

    init(message: MailMessage, boundary: String? = nil) {
        self.message = message
        self.fixedBoundary = boundary
    }

    func encode() -> [UInt8] {
        var head: [UInt8] = []
        head.reserveCapacity(1024)
        appendHeaders(to: &head)
        guard let html = message.html else {
            head.append(contentsOf: Self.textPartHeaders.utf8)
            return Self.build(pieces: [head], bodies: [message.text], trailer: Array("\r\n".utf8))
        }
        let boundary = Array((fixedBoundary ?? Self.boundary()).utf8)
        head.append(contentsOf: "Content-Type: multipart/alternative;\r\n boundary=\"".utf8)
        head.append(contentsOf: boundary)
        head.append(contentsOf: "\"\r\n\r\nThis is a multi-part message in MIME format.\r\n".utf8)
        Self.appendDelimiter(boundary, to: &head)
        head.append(contentsOf: Self.textPartHeaders.utf8)
        var middle: [UInt8] = []
        Self.appendDelimiter(boundary, to: &middle)
        middle.append(contentsOf: Self.htmlPartHeaders.utf8)
        var trailer = Array("\r\n--".utf8)
        trailer.append(contentsOf: boundary)
        trailer.append(contentsOf: "--\r\n".utf8)
        return Self.build(pieces: [head, middle], bodies: [message.text, html], trailer: trailer)
    }

    private static let textPartHeaders = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    private static let htmlPartHeaders = "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"

    /// CRLF `--boundary` CRLF, before a part (RFC 2046 §5.1.1).
    private static func appendDelimiter(_ boundary: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: "\r\n--".utf8)
        out.append(contentsOf: boundary)
        out.append(contentsOf: "\r\n".utf8)
    }

    /// `pieces[i]` then `bodies[i]` quoted-printable, for each i, then `trailer`.
    private static func build(pieces: [[UInt8]], bodies: [String], trailer: [UInt8]) -> [UInt8] {
        var capacity = trailer.count
        for piece in pieces { capacity += piece.count }
        for body in bodies { capacity += QuotedPrintable.maximumEncodedCount(body.utf8.count) }
        return [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            var out = buffer.baseAddress!
            for (piece, body) in zip(pieces, bodies) {
                out = copy(piece, to: out)
                var body = body
                out += body.withUTF8 { QuotedPrintable.encode($0, into: out) }
            }
            out = copy(trailer, to: out)
            count = out - buffer.baseAddress!
        }
    }

    /// Copies `bytes` to `out`; returns the position after them.
    private static func copy(_ bytes: [UInt8], to out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return out }
            out.update(from: base, count: bytes.count)
            return out + bytes.count
        }
    }

    private func appendHeaders(to out: inout [UInt8]) {
        HeaderText.appendHeaderLine("Date", RFC5322Date.format(message.date), to: &out)
        HeaderText.appendHeaderLine("From", message.from.headerValue, to: &out)
        HeaderText.appendHeaderLine("To", message.to.map(\.headerValue).joined(separator: ", "), to: &out)
        if let replyTo = message.replyTo { HeaderText.appendHeaderLine("Reply-To", replyTo.headerValue, to: &out) }
        HeaderText.appendHeaderLine("Subject", HeaderText.unstructured(message.subject), to: &out)
        HeaderText.appendHeaderLine("Message-ID", message.messageID, to: &out)
        out.append(contentsOf: "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n".utf8)
    }

    /// `=_` can never occur in quoted-printable text, so the boundary cannot collide
    /// with a body; it needs to be unique, not secret. `=_attest_` and 32 lowercase hex
    /// digits: 64 random bits drawn once a process, and a counter, so that no two
    /// messages of a process share a boundary and no `getrandom` is made per message.
    static func boundary() -> String {
        let count = boundaryCounter.add(1, ordering: .relaxed).newValue
        let digits = Array("0123456789abcdef".utf8)
        var bytes = Array("=_attest_".utf8)
        bytes.reserveCapacity(bytes.count + 32)
        for var value in [processRandom, count] {
            for _ in 0..<16 {
                bytes.append(digits[Int(value & 0xF)])
                value >>= 4
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let processRandom = UInt64.random(in: .min ... .max)
    private static let boundaryCounter = Atomic<UInt64>(0)
}
