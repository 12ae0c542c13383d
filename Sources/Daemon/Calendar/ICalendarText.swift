import Foundation

/// The content lines of an RFC 5545 iCalendar document: properties written one per line,
/// TEXT values escaped (§3.3.11), lines folded at 75 octets without splitting a
/// character (§3.1), and CRLF line ends.
struct ICalendarText {
    private(set) var lines: [String] = []

    /// A property whose value needs no escaping (dates, durations, keywords, UIDs).
    mutating func property(_ name: String, _ value: String) {
        lines.append("\(name):\(value)")
    }

    /// A TEXT property: backslashes, semicolons, commas and line breaks escaped.
    mutating func text(_ name: String, _ value: String) {
        lines.append("\(name):\(Self.escape(value))")
    }

    /// The document: every line folded, each ended by CRLF.
    var document: String {
        lines.map { Self.fold($0) + "\r\n" }.joined()
    }

    /// §3.3.11: `\` `;` `,` escaped with a backslash, line breaks as `\n`; other
    /// control characters dropped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n": escaped += "\\n"
            case "\r": continue
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// §3.1: a line longer than 75 octets continues on lines that start with a space,
    /// each at most 75 octets, never inside a character's UTF-8 bytes.
    static func fold(_ line: String) -> String {
        var folded = "", width = 0
        for character in line {
            let size = String(character).utf8.count
            if width + size > 75 {
                folded += "\r\n "
                width = 1
            }
            folded.append(character)
            width += size
        }
        return folded
    }
}
