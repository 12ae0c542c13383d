import Foundation
@testable import Mailer
import Testing

@Suite("Reminder templates")
struct TemplateSetTests {
    static let kinds = [
        "i9_section1", "i9_section2", "i9_receipt_document", "i9_secondary_review", "i9_reverification", "i9_retention_end",
        "everify_case_creation", "everify_tnc_employer_action", "everify_tnc_employee_contact", "everify_case_closure",
        "audit_annual", "training_program_update", "training_renewal", "report_annual", "policy_review",
        "network_communication", "nomatch_acknowledge", "nomatch_resolve", "tip_acknowledge", "tip_investigate", "tip_respond",
        "selfreport_correct", "selfreport_report",
    ]

    static func item(_ kind: String, days: Int = 3, title: String = "Task") -> ReminderItem {
        ReminderItem(kind: kind, title: title, subjectDescription: "Jane <Doe> & Co", dueDate: "2025-03-06", daysUntilDue: days, stage: "first")
    }

    static func context(_ items: [ReminderItem]) -> ReminderContext {
        ReminderContext(recipientName: "Ann \"A\" O'Neil", tenantLegalName: "Smith & Sons <Ltd>", items: items)
    }

    @Test("every obligation kind has its own text and renders all three parts", arguments: kinds)
    func everyKind(kind: String) throws {
        #expect(ReminderKindText.kinds.contains(kind))
        let mail = try TemplateSet.shipped().render(Self.context([Self.item(kind)]))
        let text = ReminderKindText.text(for: kind)
        #expect(mail.subject.contains(text.title))
        #expect(mail.text.contains(text.instructions))
        #expect(mail.text.contains(text.rule))
        #expect(mail.html.contains(text.title))
        #expect(!mail.subject.contains("\n"))
    }

    /// No over-documentation (Form I-9 instructions; 8 U.S.C. 1324b(a)(6)): the
    /// reverification and receipt reminders never name a document to bring, and say the
    /// employee chooses.
    @Test("document reminders never ask for a particular document", arguments: ["i9_reverification", "i9_receipt_document", "i9_section2"])
    func documentRemindersLetTheEmployeeChoose(kind: String) throws {
        let mail = try TemplateSet.shipped().render(Self.context([Self.item(kind)]))
        for named in ["passport", "I-551", "I-766", "green card", "Employment Authorization Document", "driver", "Social Security card", "birth certificate"] {
            #expect(!mail.text.localizedCaseInsensitiveContains(named), "\(kind) names \(named)")
        }
        if kind == "i9_reverification" { #expect(mail.text.contains("The employee chooses")) }
    }

    @Test("text is not HTML-escaped; HTML is")
    func escaping() throws {
        let mail = try TemplateSet.shipped().render(Self.context([Self.item("i9_section2")]))
        #expect(mail.text.contains("Jane <Doe> & Co"))
        #expect(mail.text.contains("Hello Ann \"A\" O'Neil,"))
        #expect(mail.subject.contains("Smith & Sons <Ltd>"))
        #expect(mail.html.contains("Jane &lt;Doe&gt; &amp; Co"))
        #expect(!mail.html.contains("<Doe>"))
        #expect(mail.text.contains("in 3 days"))
    }

    @Test("several items make a digest; an unknown kind falls back to the generic reminder")
    func digestAndFallback() throws {
        let templates = try TemplateSet.shipped()
        let digest = try templates.render(Self.context([Self.item("audit_annual", days: -2, title: "Audit"), Self.item("policy_review", days: 0, title: "Policy")]))
        #expect(digest.subject.contains("2 compliance tasks"))
        #expect(digest.subject.contains("some overdue"))
        #expect(digest.text.contains("2 days overdue") && digest.text.contains("today"))
        #expect(digest.text.contains("Audit") && digest.text.contains("Policy"))
        let fallback = try templates.render(Self.context([Self.item("something_new", days: -1)]))
        #expect(fallback.subject.hasPrefix("Overdue: Compliance task"))
        #expect(fallback.text.contains("1 day overdue"))
        #expect(throws: TemplateError.self) { try templates.render(Self.context([])) }
    }

    @Test("an override folder replaces one kind's templates")
    func overrides() throws {
        let folder = try TestFiles.temporaryDirectory("templates")
        try "Custom for {{recipientName}}: {{#item}}{{subjectDescription}}{{/item}}".write(
            to: folder.appendingPathComponent("i9_section2.text.mustache"), atomically: true, encoding: .utf8)
        let templates = try TemplateSet.load(overrideDirectory: folder.path)
        let mail = try templates.render(Self.context([Self.item("i9_section2")]))
        #expect(mail.text == "Custom for Ann \"A\" O'Neil: Jane <Doe> & Co")
        let other = try templates.render(Self.context([Self.item("i9_section1")]))
        #expect(other.text.hasPrefix("Hello"))
    }

    @Test("a template that does not parse, or an unknown file name, fails at load time")
    func brokenOverride() throws {
        let broken = try TestFiles.temporaryDirectory("templates-broken")
        try "{{#item}} never closed".write(to: broken.appendingPathComponent("digest.html.mustache"), atomically: true, encoding: .utf8)
        let error = #expect(throws: TemplateError.self) { try TemplateSet.load(overrideDirectory: broken.path) }
        #expect(error.map { "\($0)" }?.contains("digest.html") == true)

        let misnamed = try TestFiles.temporaryDirectory("templates-misnamed")
        try "x".write(to: misnamed.appendingPathComponent("i9_sectoin2.text.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: TemplateError.self) { try TemplateSet.load(overrideDirectory: misnamed.path) }
        #expect(throws: TemplateError.self) { try TemplateSet.load(overrideDirectory: "/nonexistent/templates") }
    }

    @Test("a template whose partials include it again, or that changes its delimiters, fails at load time", arguments: [
        ("item.text.mustache", "{{> item.text}}", "item.text → item.text"),
        ("item.html.mustache", "{{#items}}\n{{> item.html}}\n{{/items}}", "item.html → item.html"),
        ("reminder.text.mustache", "{{=<% %>=}}<%> reminder.text%>", "set-delimiter"),
    ])
    func recursivePartials(file: String, text: String, detail: String) throws {
        let folder = try TestFiles.temporaryDirectory("templates-recursive")
        try text.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        let error = #expect(throws: TemplateError.self) { try TemplateSet.load(overrideDirectory: folder.path) }
        #expect(error.map { "\($0)" }?.contains(detail) == true, "\(String(describing: error))")
    }

    @Test("partials that include each other in a ring are found")
    func partialRing() {
        var sources = ShippedTemplates.all()
        sources["item.text"] = "{{> reminder.text}}"
        sources["reminder.text"] = "{{> item.text}}"
        let error = #expect(throws: TemplateError.self) { try TemplateSet(sources: sources) }
        #expect(error.map { "\($0)" }?.contains("item.text → reminder.text → item.text") == true, "\(String(describing: error))")
        #expect(TemplatePartials.partials(in: "a {{> one}} b {{<two }} c {{three}}") == ["one", "two"])
    }
}
