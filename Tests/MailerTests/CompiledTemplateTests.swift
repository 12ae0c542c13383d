import PropertyBased
import Testing
@testable import Mailer

/// The compiled renderer must print exactly what swift-mustache prints, or leave the
/// template to it: on the shipped templates, on hand-written edge cases, and on
/// thousands of generated templates and contexts.
@Suite("Compiled reminder templates")
struct CompiledTemplateTests {
    static let names = ReminderTemplateField.allCases.map(\.rawValue) + [".", "unknown", "item.kindTitle", "item.isOverdue", ".kind", "items.kind", "item.nothing"]
    static let strings = ["Jane <Doe> & Co", "Ann \"A\" O'Neil", "plain", "", "e\u{301}t\u{E9}", "<\u{338}>", "two\r\nlines\n", "  spaced  "]

    @Test("the shipped templates render alike for every kind, one item and several")
    func shippedTemplates() throws {
        let templates = try TemplateSet.shipped()
        for kind in TemplateSetTests.kinds + ["unknown_kind"] {
            for days in [-2, -1, 0, 1, 5] {
                let one = TemplateSetTests.context([TemplateSetTests.item(kind, days: days)])
                let several = TemplateSetTests.context([TemplateSetTests.item(kind, days: days), TemplateSetTests.item("audit_annual", days: -days, title: "A <b>")])
                for context in [one, several] {
                    for name in ["digest", kind, "reminder"].flatMap({ ["\($0).subject", "\($0).text", "\($0).html"] }) where templates.names.contains(name) {
                        let compiled = try #require(templates.renderCompiled(name, context), "\(name) is not compiled")
                        #expect(compiled == (try templates.renderWithMustache(name, context)), "\(name)")
                    }
                }
            }
        }
    }

    static let edgeCases: [String] = [
        "{{#items}}\n  {{> p}}\n{{/items}}\n",
        "  {{> p}}\nafter\n",
        "{{#item}}{{title}}{{/item}} {{^hasOverdue}}none{{/hasOverdue}}",
        "{{=<% %>=}}\n<% recipientName %> {{ not a tag }}\n<%={{ }}=%>{{itemCount}}",
        "a {{! comment }} b\n  {{! standalone }}\nc",
        "{{#recipientName}}[{{.}}]{{/recipientName}}{{#itemCount}}({{.}}){{/itemCount}}",
        "{{#items}}{{#isOverdue}}{{daysOverdue}}{{/isOverdue}}{{^isOverdue}}{{daysUntilDue}}{{/isOverdue}},{{/items}}",
        "{{% CONTENT_TYPE: TEXT}}{{recipientName}} {{{tenantLegalName}}} {{& title}}",
        "\t{{#items}}\r\n{{title}}\r\n\t{{/items}}\r\n",
        "{{items}}", "{{item}}", "{{.}}", "{{#item}}{{.}}{{/item}}",
        "{{uppercased(recipientName)}}", "{{<p}}{{/p}}", "{{>*kind}}",
        "{{#items}}{{item.title}}/{{.title}}/{{tenantLegalName}};{{/items}}",
        "{{ recipientName }}{{ ! }}", "x {{", "{{#a}}", "{{/a}}", "}} {{{", "{ {{recipientName}}} }",
    ]

    @Test("hand-written edge cases render alike, or are left to swift-mustache", arguments: edgeCases)
    func edgeCase(source: String) throws {
        let partial = "[{{title}}]\n{{#isOverdue}}\n  late\n{{/isOverdue}}\n"
        guard let templates = try? TemplateSet(sources: ["t.html": source, "p": partial]) else { return }
        let context = TemplateSetTests.context([TemplateSetTests.item("i9_section2", days: -1), TemplateSetTests.item("x", days: 2, title: "<T>")])
        let expected = try templates.renderWithMustache("t.html", context)
        if let compiled = templates.renderCompiled("t.html", context) {
            #expect(compiled == expected)
        }
    }

    @Test("generated templates render alike")
    func generatedTemplates() async throws {
        let counts = Counts()
        await propertyCheck(count: 3_000, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix(seed: UInt64(seed))
            let sources = [
                "t.html": TemplateGenerator.template(&random, depth: 0),
                "t.text": TemplateGenerator.template(&random, depth: 0),
                "p1": TemplateGenerator.template(&random, depth: 1, partials: ["p2", "missing"]),
                "p2": TemplateGenerator.template(&random, depth: 2, partials: []),
            ]
            guard let templates = try? TemplateSet(sources: sources) else { return }
            let context = TemplateGenerator.context(&random)
            for name in ["t.html", "t.text"] {
                let expected = try templates.renderWithMustache(name, context)
                counts.rendered += 1
                guard let compiled = templates.renderCompiled(name, context) else { continue }
                counts.compiled += 1
                #expect(compiled == expected, "\(name) of \(sources) for \(context)")
            }
        }
        // The check above must have run on most templates, not been skipped.
        #expect(counts.rendered > 3_000)
        #expect(counts.compiled * 2 > counts.rendered)
    }
}

private final class Counts: @unchecked Sendable {
    var rendered = 0
    var compiled = 0
}

/// A small, reproducible random number generator for the template generator.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random Mustache built from the pieces that matter to whitespace and lookup rules.
enum TemplateGenerator {
    static func template(_ random: inout SplitMix, depth: Int, partials: [String] = ["p1", "missing"]) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...10, using: &random) {
            text += piece(&random, depth: depth, partials: partials)
        }
        return text
    }

    private static func piece(_ random: inout SplitMix, depth: Int, partials: [String]) -> String {
        let name = CompiledTemplateTests.names.randomElement(using: &random)!
        let space = ["", " ", "  ", "\t"].randomElement(using: &random)!
        let newline = ["\n", "\r\n", ""].randomElement(using: &random)!
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return ["Hello", "x", "<&>\"'", "é", " ", "{", "}"].randomElement(using: &random)!
        case 1: return newline.isEmpty ? "\n" : newline
        case 2: return "{{\(space)\(name)\(space)}}"
        case 3: return ["{{{\(name)}}}", "{{& \(name)}}"].randomElement(using: &random)!
        case 4, 5:
            guard depth < 3 else { return "{{\(name)}}" }
            let sigil = Bool.random(using: &random) ? "#" : "^"
            let body = template(&random, depth: depth + 1, partials: partials)
            return "\(space){{\(sigil)\(name)}}\(newline)\(body)\(newline)\(space){{/\(name)}}\(newline)"
        case 6: return "\(space){{! note }}\(newline)"
        case 7:
            guard let partial = partials.randomElement(using: &random) else { return "" }
            return "\(space){{> \(partial)}}\(newline)"
        case 8: return "{{% CONTENT_TYPE: \(Bool.random(using: &random) ? "TEXT" : "HTML")}}\(newline)"
        // (Set-delimiter tags are refused when a set is loaded: TemplatePartials.)
        default: return "\(space)text\(newline)"
        }
    }

    static func context(_ random: inout SplitMix) -> ReminderContext {
        let items = (0..<Int.random(in: 1...3, using: &random)).map { _ in
            ReminderItem(
                kind: ["i9_section2", "audit_annual", "unknown_kind"].randomElement(using: &random)!,
                title: CompiledTemplateTests.strings.randomElement(using: &random)!,
                subjectDescription: CompiledTemplateTests.strings.randomElement(using: &random)!,
                dueDate: "2025-03-06", daysUntilDue: Int.random(in: -2...2, using: &random),
                stage: CompiledTemplateTests.strings.randomElement(using: &random)!)
        }
        return ReminderContext(recipientName: CompiledTemplateTests.strings.randomElement(using: &random)!,
                               tenantLegalName: CompiledTemplateTests.strings.randomElement(using: &random)!, items: items)
    }
}
