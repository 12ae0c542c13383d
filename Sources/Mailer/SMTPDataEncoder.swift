import NIOCore

/// Prepares a message for the DATA phase (RFC 5321 §4.5.2): every line ending becomes
/// CRLF, a dot at the start of a line is doubled, and the end marker CRLF.CRLF follows.
/// Works on bytes, never on `Character` (in Swift `"\r\n"` is one Character).
enum SMTPDataEncoder {
    static func encode(_ message: [UInt8]) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(message.count + message.count / 50 + 8)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            index += 1
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                if byte == UInt8(ascii: "\r"), index < message.count, message[index] == UInt8(ascii: "\n") { index += 1 }
                out.writeBytes([UInt8(ascii: "\r"), UInt8(ascii: "\n")])
                atLineStart = true
                continue
            }
            if atLineStart, byte == UInt8(ascii: ".") { out.writeInteger(UInt8(ascii: ".")) }
            out.writeInteger(byte)
            atLineStart = false
        }
        if !atLineStart { out.writeBytes([UInt8(ascii: "\r"), UInt8(ascii: "\n")]) }
        out.writeBytes(Array(".\r\n".utf8))
        return out
    }
}

extension SMTPDataEncoder {
    /// ``encode(_:)`` as an array of bytes.
    static func encodedBytes(_ message: [UInt8]) -> [UInt8] {
        Array(encode(message).readableBytesView)
    }
}

extension SMTPTransport {
    /// What goes on the wire after DATA for an encoded message: CRLF line endings,
    /// dot-stuffed, ending in CRLF.CRLF. Public for `attest-bench compose`.
    public static func dataPhaseBytes(_ message: [UInt8]) -> ByteBuffer {
        SMTPDataEncoder.encode(message)
    }
}
