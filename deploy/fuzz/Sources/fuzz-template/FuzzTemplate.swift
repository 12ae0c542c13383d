import Mailer

/// The partial the fuzzed template may include (as `p`, as in CompiledTemplateTests, and
/// under the shipped partials' names).
private let partial = "[{{title}}]\n{{#isOverdue}}\n  late\n{{/isOverdue}}\n"

/// Two items, one overdue, with text that needs escaping.
private let context = ReminderContext(
    recipientName: "Ann \"A\" O'Neil", tenantLegalName: "Jane <Doe> & Co",
    items: [
        ReminderItem(kind: "i9_section2", title: "Form I-9, Section 2", subjectDescription: "e\u{301}t\u{E9}",
                     dueDate: "2026-03-02", daysUntilDue: -1, stage: "overdue"),
        ReminderItem(kind: "x", title: "<T>", subjectDescription: "two\r\nlines\n", dueDate: "2026-03-05", daysUntilDue: 2, stage: "due"),
    ])

/// Loads the bytes as a tenant's override template (HTML and text, as `TemplateSet` loads
/// a file: decoded as UTF-8 with repairs), which swift-mustache and the compiled
/// renderer both parse; when it parses, renders it with both and requires the compiled
/// output to be swift-mustache's (or the compiled renderer to defer).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let templates = try? TemplateSet(sources: ["t.html": source, "t.text": source, "p": partial, "item.text": partial, "item.html": partial]) else { return 0 }
    for name in ["t.html", "t.text"] {
        guard let expected = try? templates.renderWithMustache(name, context) else { continue }
        if let compiled = templates.renderCompiled(name, context), compiled != expected {
            fatalError("\(name): the compiled renderer printed \(String(reflecting: compiled)), swift-mustache \(String(reflecting: expected))")
        }
    }
    return 0
}
