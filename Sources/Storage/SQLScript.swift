/// A SQL script split into its statements.
///
/// postgres-nio speaks only the extended query protocol, which runs one statement per
/// query, so migrations are split here. The splitter understands single-quoted
/// strings (including `E''` escapes), quoted identifiers, dollar-quoted bodies
/// (`$$ … $$`, `$tag$ … $tag$`), `--` line comments and nested `/* */` comments;
/// a semicolon inside any of those does not end a statement.
public struct SQLScript: Sendable, Equatable {
    /// The statements, trimmed, without their terminating semicolons.
    public let statements: [String]

    /// Splits `text` into statements. Statements that hold only comments are dropped.
    public init(_ text: String) {
        var splitter = Splitter(bytes: Array(text.utf8))
        statements = splitter.split()
    }
}

private struct Splitter {
    let bytes: [UInt8]
    var index = 0
    var start = 0
    var hasCode = false
    var statements: [String] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func split() -> [String] {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "'"): skipQuoted(UInt8(ascii: "'"), backslashEscapes: isEscapeString())
            case UInt8(ascii: "\""): skipQuoted(UInt8(ascii: "\""), backslashEscapes: false)
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"): skipLineComment()
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"): skipBlockComment()
            case UInt8(ascii: "$"): skipDollarQuoted()
            case UInt8(ascii: ";"):
                finishStatement(end: index)
                index += 1
                start = index
            default:
                if !isWhitespace(bytes[index]) { hasCode = true }
                index += 1
            }
        }
        finishStatement(end: bytes.count)
        return statements
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func isEscapeString() -> Bool {
        guard index > 0 else { return false }
        let previous = bytes[index - 1]
        return previous == UInt8(ascii: "E") || previous == UInt8(ascii: "e")
    }

    private mutating func finishStatement(end: Int) {
        if hasCode {
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            statements.append(text.trimmingSQLWhitespace())
        }
        hasCode = false
    }

    private mutating func skipQuoted(_ quote: UInt8, backslashEscapes: Bool) {
        hasCode = true
        index += 1
        while index < bytes.count {
            if backslashEscapes && bytes[index] == UInt8(ascii: "\\") {
                index += 2
            } else if bytes[index] == quote {
                index += 1
                if peek(0) != quote { return }  // a doubled quote is an escaped quote
                index += 1
            } else {
                index += 1
            }
        }
    }

    private mutating func skipLineComment() {
        while index < bytes.count && bytes[index] != 0x0A { index += 1 }
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                index += 1
            }
        }
    }

    /// `$tag$ … $tag$`; a `$` that does not open a tag (e.g. `$1`) is plain code.
    private mutating func skipDollarQuoted() {
        hasCode = true
        var end = index + 1
        while end < bytes.count, isTagByte(bytes[end]) { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "$"),
              end == index + 1 || !isDigit(bytes[index + 1])
        else {
            index += 1
            return
        }
        let tag = Array(bytes[index...end])
        index = end + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), bytes[index...].starts(with: tag) {
                index += tag.count
                return
            }
            index += 1
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private func isTagByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "_") || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }
}

extension String {
    fileprivate func trimmingSQLWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
