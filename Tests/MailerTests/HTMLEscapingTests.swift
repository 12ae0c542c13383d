import MarkupEscaping
import PropertyBased
import Testing
@testable import Mailer

/// The one HTML escaper, and the reminder e-mails' two renderers using it: no quote,
/// angle bracket or ampersand reaches the markup raw, whatever follows it.
@Suite("HTML escaping by Unicode scalars")
struct HTMLEscapingTests {
    /// Scalars an attacker would combine: the five specials, combining marks (which
    /// fuse with a preceding quote into one Character), joiners, controls, emoji.
    static let pool: [String] = ["\"", "'", "<", ">", "&", "\u{301}", "\u{338}", "\u{20DD}", "\u{200D}", "\u{FE0F}", "a", " ", "é", "🚀",
                                 "\n", "\t", "\u{0}", "\u{1B}", "&amp;", "&#39;"]

    static func randomText(_ random: inout SplitMix) -> String {
        (0..<Int(random.next() % 24)).map { _ in pool[Int(random.next() % UInt64(pool.count))] }.joined()
    }

    /// The text an escaped one stands for (the five entities the escaper writes), read
    /// scalar by scalar (a Character-wise search would miss `&quot;` before a combining mark).
    static func unescaped(_ markup: String) -> String {
        let entities: [(String, Unicode.Scalar)] = [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]
        var output = String.UnicodeScalarView()
        var rest = markup.unicodeScalars[...]
        while let scalar = rest.first {
            if scalar == "&", let (entity, replacement) = entities.first(where: { rest.starts(with: $0.0.unicodeScalars) }) {
                output.append(replacement)
                rest = rest.dropFirst(entity.unicodeScalars.count)
            } else {
                output.append(scalar)
                rest = rest.dropFirst()
            }
        }
        return String(output)
    }

    static func hasRawSpecial(_ markup: String) -> Bool {
        var scalars = markup.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if "<>\"'".unicodeScalars.contains(scalar) { return true }
            if scalar == "&", !["lt;", "gt;", "quot;", "#39;", "amp;"].contains(where: { scalars.starts(with: $0.unicodeScalars) }) { return true }
        }
        return false
    }

    @Test("escaped text holds no raw special scalar and reads back as the text")
    func roundTrip() async {
        await propertyCheck(count: 2_000, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix(seed: UInt64(seed))
            let text = Self.randomText(&random)
            let escaped = HTMLEscaping.escaped(text)
            #expect(!Self.hasRawSpecial(escaped), "\(text.unicodeScalars.map(\.value)) → \(escaped)")
            #expect(Self.unescaped(escaped) == text)
        }
    }

    @Test("a quote followed by a combining mark is escaped, as is an angle bracket with a slash overlay")
    func combiningMarks() {
        #expect(HTMLEscaping.escaped("x\"\u{301} onmouseover=alert(1)") == "x&quot;\u{301} onmouseover=alert(1)")
        #expect(HTMLEscaping.escaped("<\u{338}script>") == "&lt;\u{338}script&gt;")
        #expect(HTMLEscaping.escaped("a\u{1}b\u{7F}", controls: .replacedForXML) == "a b ")
        #expect(HTMLEscaping.escaped("a\u{1}b\tc") == "a\u{1}b\tc")
    }

    @Test("both e-mail renderers escape a name that hides a quote behind a combining mark")
    func reminderTemplates() throws {
        let templates = try TemplateSet(sources: ["t.html": "<a title=\"{{recipientName}}\">{{tenantLegalName}}</a>\n"])
        let context = ReminderContext(recipientName: "Ann\"\u{301} onclick=x", tenantLegalName: "<\u{338}b>", items: [])
        let expected = "<a title=\"Ann&quot;\u{301} onclick=x\">&lt;\u{338}b&gt;</a>\n"
        #expect(try templates.renderWithMustache("t.html", context) == expected)
        #expect(templates.renderCompiled("t.html", context) == expected)
    }
}
