/// A reply from an SMTP server: a three-digit code, an optional enhanced status code
/// (RFC 3463) and the text of every line.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit reply code (RFC 5321 §4.2), for example `250`.
    public let code: Int
    /// The enhanced status code (RFC 3463), for example `5.1.1`, when the server sent one.
    public let enhancedCode: EnhancedStatusCode?
    /// The text of each line, without the code, the separator and the enhanced code.
    public let lines: [String]

    /// Creates a reply.
    public init(code: Int, enhancedCode: EnhancedStatusCode? = nil, lines: [String]) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.lines = lines
    }

    /// The text of all lines joined by a space.
    public var text: String { lines.joined(separator: " ") }

    /// `2xx` or `3xx`: the command was accepted.
    public var isPositive: Bool { (200..<400).contains(code) }

    /// `4xx`: a transient failure; the same command may succeed later.
    public var isTransient: Bool { (400..<500).contains(code) }

    /// `5xx`: a permanent failure.
    public var isPermanent: Bool { code >= 500 }

    /// `421`: the server is closing the connection.
    public var isServiceClosing: Bool { code == 421 }

    /// `"250 2.0.0 Ok"`: the code, the enhanced code and the text on one line.
    public var description: String {
        var parts = [String(code)]
        if let enhancedCode { parts.append(enhancedCode.description) }
        if !text.isEmpty { parts.append(text) }
        return parts.joined(separator: " ")
    }
}

/// An enhanced mail system status code (RFC 3463): `class.subject.detail`, such as `5.1.1`.
public struct EnhancedStatusCode: Sendable, Hashable, CustomStringConvertible {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    public let statusClass: Int
    /// The subject, for example 1 for addressing.
    public let subject: Int
    /// The detail within the subject.
    public let detail: Int

    /// Creates an enhanced status code.
    public init(statusClass: Int, subject: Int, detail: Int) {
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    /// Parses `"5.1.1"`; `nil` unless the text is an enhanced status code.
    public init?(_ text: Substring) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ (1...3).contains($0.count) }) else { return nil }
        guard let c = Int(parts[0]), let s = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        guard parts[0].count == 1, [2, 4, 5].contains(c) else { return nil }
        self.init(statusClass: c, subject: s, detail: d)
    }

    public var description: String { "\(statusClass).\(subject).\(detail)" }
}
