import NIOCore

/// Prepares a message for the DATA phase (RFC 5321 §4.5.2): every line ending becomes
/// CRLF, a dot at the start of a line is doubled, and the end marker CRLF.CRLF follows.
/// Works on bytes, never on `Character` (in Swift `"\r\n"` is one Character).
///
/// A message that is already in wire form (every CR followed by LF, every LF preceded
/// by CR, no line starting with a dot) — every message ``MIMEEncoder`` makes without a
/// leading dot in a body line — is copied in one piece (``isWireForm(_:)``); anything
/// else is rewritten line by line. Both give the same bytes.
enum SMTPDataEncoder {
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let dot = UInt8(ascii: ".")

    static func encode(_ message: [UInt8]) -> ByteBuffer {
        message.withUnsafeBufferPointer { bytes in
            isWireForm(bytes) ? copied(bytes) : rewritten(bytes)
        }
    }

    /// Whether `bytes` need no change but the end marker: no bare CR or LF and no dot
    /// at the start of a line.
    static func isWireForm(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return true }
        if base[0] == dot { return false }
        var index = 0
        while index < count {
            let byte = base[index]
            // One comparison per byte in the common case: CR and LF are below 0x0E.
            if byte < 0x0E {
                if byte == cr {
                    guard index + 1 < count, base[index + 1] == lf else { return false }
                    index += 1
                    if index + 1 < count, base[index + 1] == dot { return false }
                } else if byte == lf {
                    return false  // an LF not after CR
                }
            }
            index += 1
        }
        return true
    }

    /// The bytes as they are, CRLF when they do not end in one, and `.` CRLF.
    private static func copied(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteBuffer {
        var out = ByteBufferAllocator().buffer(capacity: bytes.count + 5)
        out.writeBytes(bytes)
        if let last = bytes.last, last != lf { out.writeStaticString("\r\n") }
        out.writeStaticString(".\r\n")
        return out
    }

    /// Line by line: each line with a dot doubled at its start, then CRLF; at most twice
    /// the input (every byte a dot or a bare line ending) plus the end marker.
    private static func rewritten(_ bytes: UnsafeBufferPointer<UInt8>) -> ByteBuffer {
        let count = bytes.count
        var out = ByteBufferAllocator().buffer(capacity: 2 * count + 5)
        out.writeWithUnsafeMutableBytes(minimumWritableBytes: 2 * count + 5) { raw in
            let start = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var to = start
            var lineStart = 0
            var index = 0
            while index <= count {
                let byte = index < count ? bytes[index] : lf
                guard byte == cr || byte == lf else {
                    index += 1
                    continue
                }
                // [lineStart, index) is a line without its ending.
                if index == count, lineStart == count { break }  // ended with a line ending
                let length = index - lineStart
                if length > 0 {
                    if bytes[lineStart] == dot {
                        to[0] = dot
                        to += 1
                    }
                    to.update(from: bytes.baseAddress! + lineStart, count: length)
                    to += length
                }
                to[0] = cr
                to[1] = lf
                to += 2
                index += (byte == cr && index + 1 < count && bytes[index + 1] == lf) ? 2 : 1
                lineStart = index
            }
            to[0] = dot
            to[1] = cr
            to[2] = lf
            to += 3
            return to - start
        }
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
