/// Turns bytes from an SMTP server into replies (RFC 5321 §4.2).
///
/// Bytes may arrive in any fragments. Each line is `NNN-text` (more lines follow),
/// `NNN text` or `NNN` (the last line). A line longer than ``maximumLineLength`` octets
/// or a reply of more than ``maximumLines`` lines is an error, so a broken server cannot
/// exhaust memory.
public struct SMTPReplyParser {
    /// RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF.
    static let maximumLineLength = 512
    /// A bound on the lines of one multi-line reply.
    static let maximumLines = 200

    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var code: Int?
    private var enhancedCode: EnhancedStatusCode?

    /// An empty parser, before the server's greeting.
    public init() {}

    /// Whether bytes of an unfinished line or reply are held.
    public var hasBufferedInput: Bool { !pending.isEmpty || !lines.isEmpty }

    /// Consumes `bytes` and returns every reply they complete.
    public mutating func consume<Bytes: Sequence>(_ bytes: Bytes) throws(SMTPError) -> [SMTPReply] where Bytes.Element == UInt8 {
        var replies: [SMTPReply] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if let reply = try finishLine() { replies.append(reply) }
            } else {
                pending.append(byte)
                if pending.count > Self.maximumLineLength - 2 {
                    throw SMTPError(.malformedReply("a reply line is longer than \(Self.maximumLineLength) octets"))
                }
            }
        }
        return replies
    }

    private mutating func finishLine() throws(SMTPError) -> SMTPReply? {
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        let line = pending
        pending.removeAll(keepingCapacity: true)
        let (lineCode, isLast, text) = try Self.split(line)
        if let code, code != lineCode {
            throw SMTPError(.malformedReply("a multi-line reply changed its code from \(code) to \(lineCode)"))
        }
        code = lineCode
        lines.append(lines.isEmpty ? stripEnhancedCode(text, code: lineCode) : Self.stripEnhanced(text, like: enhancedCode))
        guard lines.count <= Self.maximumLines else {
            throw SMTPError(.malformedReply("a reply has more than \(Self.maximumLines) lines"))
        }
        guard isLast else { return nil }
        let reply = SMTPReply(code: lineCode, enhancedCode: enhancedCode, lines: lines)
        lines = []
        code = nil
        enhancedCode = nil
        return reply
    }

    /// Splits `NNN-text` into its code, whether it is the last line, and the text.
    private static func split(_ line: [UInt8]) throws(SMTPError) -> (Int, Bool, String) {
        guard line.count >= 3, line[0..<3].allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw SMTPError(.malformedReply("a reply line does not start with three digits"))
        }
        let code = line[0..<3].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard (200...599).contains(code) || (100...199).contains(code) else {
            throw SMTPError(.malformedReply("reply code \(code) is out of range"))
        }
        if line.count == 3 { return (code, true, "") }
        let separator = line[3]
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: " ") else {
            throw SMTPError(.malformedReply("a reply line has no space or hyphen after the code"))
        }
        let text = String(decoding: line[4...], as: UTF8.self)
        return (code, separator == UInt8(ascii: " "), text)
    }

    /// Takes the enhanced status code off the first line when its class matches the reply.
    private mutating func stripEnhancedCode(_ text: String, code: Int) -> String {
        let word = text.prefix { $0 != " " }
        guard let enhanced = EnhancedStatusCode(word), enhanced.statusClass == code / 100 else { return text }
        enhancedCode = enhanced
        return String(text.dropFirst(word.count).drop { $0 == " " })
    }

    /// Later lines repeat the enhanced code; drop it there too.
    private static func stripEnhanced(_ text: String, like enhanced: EnhancedStatusCode?) -> String {
        guard let enhanced else { return text }
        let word = text.prefix { $0 != " " }
        guard EnhancedStatusCode(word) == enhanced else { return text }
        return String(text.dropFirst(word.count).drop { $0 == " " })
    }
}
