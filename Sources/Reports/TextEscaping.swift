import Compliance
import Foundation
import MarkupEscaping

/// Escaping for each output format: user text (findings, descriptions, names) is
/// always escaped, never trusted.
enum TextEscaping {
    /// Text for XHTML element content and attribute values, by ``HTMLEscaping``:
    /// characters XML 1.0 does not allow (C0 controls other than tab and line breaks)
    /// become spaces.
    static func html(_ text: String) -> String {
        HTMLEscaping.escaped(text, controls: .replacedForXML)
    }

    /// Text for Markdown: punctuation that would start markup is backslash-escaped,
    /// line breaks become spaces (so a table cell stays one cell).
    static func markdown(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "!", "{", "}": result += "\\\(character)"
            case "\n", "\r", "\r\n": result += " "
            default: result.append(character)
            }
        }
        return result
    }

    /// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
    /// Text starting with `=`, `+`, `-` or `@` gets a leading `'` so that a spreadsheet
    /// does not run it as a formula.
    static func csv(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
