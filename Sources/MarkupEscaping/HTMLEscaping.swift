/// The project's one HTML escaper, used by the console and tip pages (WebCommon's
/// `HTML`), the reminder e-mails (Mailer, both renderers) and the annual report
/// (Reports).
///
/// It works on Unicode scalars, not Characters: `"` followed by a combining mark is one
/// Character that is not `"`, and a Character-wise escaper lets it through, where it
/// ends an attribute value all the same. Scalar by scalar, every `&`, `<`, `>`, `"` and
/// `'` is escaped, whatever follows it.
public enum HTMLEscaping {
    /// What becomes of control characters.
    public enum Controls: Sendable {
        /// Kept as they are (HTML pages and e-mails, which tolerate them).
        case kept
        /// Those XML 1.0 cannot hold (C0 except tab and line breaks, DEL, U+FFFE and
        /// U+FFFF) become spaces: for XHTML, which a parser must read.
        case replacedForXML
    }

    /// `text` escaped for element content and quoted attribute values.
    public static func escaped(_ text: String, controls: Controls = .kept) -> String {
        var output = ""
        append(text, to: &output, controls: controls)
        return output
    }

    /// Appends `text`, escaped, to `output`.
    public static func append(_ text: String, to output: inout String, controls: Controls = .kept) {
        if controls == .kept, !text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) {
            output += text
            return
        }
        output.reserveCapacity(output.utf8.count + text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case _ where controls == .replacedForXML && isInvalidInXML(scalar): output += " "
            default: output.unicodeScalars.append(scalar)
            }
        }
    }

    private static func isInvalidInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0..<0x20, 0x7F, 0xFFFE, 0xFFFF: true
        default: false
        }
    }
}
