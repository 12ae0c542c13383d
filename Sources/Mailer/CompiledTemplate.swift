import MarkupEscaping

/// A reminder template parsed once into nodes that name ``ReminderTemplateField``s, and
/// rendered straight from a ``ReminderContext``: no dictionaries of `Any`, no dynamic
/// casts, no name lookups by string at send time.
///
/// It renders exactly what swift-mustache renders for the same template (the parser is a
/// port of swift-mustache's, the rendering follows its rules for sections, standalone
/// lines, partial indentation and HTML escaping; `CompiledTemplateTests` compares the two
/// on the shipped templates and on many generated ones). A template that uses what only
/// swift-mustache offers (transforms, inheritance, dynamic partials, lambdas) is not
/// compiled, and ``TemplateSet`` renders it with swift-mustache.
struct CompiledTemplate: Sendable {
    /// A variable or section name: fields looked up on the context stack (the first one
    /// in the innermost frame that has it), or in the innermost frame only (`.name`).
    struct Path: Sendable, Equatable {
        /// Empty for `.`, the innermost frame itself.
        var fields: [ReminderTemplateField?]
        var innermostOnly: Bool
    }

    indirect enum Node: Sendable {
        case text(String)
        case variable(Path, escaped: Bool)
        case section(Path, [Node], inverted: Bool)
        /// The partial's index in its ``CompiledTemplates``; nil when no such template exists.
        case partial(String, index: Int?, indentation: String?)
        case escapeHTML(Bool)
    }

    let nodes: [Node]
}

/// Every compiled template of a set, for partials to find each other.
struct CompiledTemplates: Sendable {
    private let templates: [CompiledTemplate?]
    private let indexes: [String: Int]

    /// Compiles each source it can; `nil` for the ones only swift-mustache can render.
    init(sources: [String: String]) {
        let names = sources.keys.sorted()
        let indexes = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        self.indexes = indexes
        self.templates = names.map { name in
            (try? CompiledTemplateParser.parse(sources[name] ?? "")).map { CompiledTemplate(nodes: Self.link($0, indexes)) }
        }
    }

    /// The template `name` rendered for `context`; nil when it, or a partial it reaches,
    /// is not compiled, or it shows something only swift-mustache can print (a list or an
    /// item as text).
    func render(_ name: String, _ context: ReminderContext) -> String? {
        guard let index = indexes[name], let template = templates[index] else { return nil }
        var renderer = CompiledTemplateRenderer(context: context, templates: templates)
        return try? renderer.render(template.nodes)
    }

    private static func link(_ nodes: [CompiledTemplate.Node], _ indexes: [String: Int]) -> [CompiledTemplate.Node] {
        nodes.map { node in
            switch node {
            case .partial(let name, _, let indentation): .partial(name, index: indexes[name], indentation: indentation)
            case .section(let path, let body, let inverted): .section(path, link(body, indexes), inverted: inverted)
            default: node
            }
        }
    }
}

/// One render of a compiled template: the context stack, the content type and the
/// indentation of standalone partials, as swift-mustache keeps them.
struct CompiledTemplateRenderer {
    struct CannotRender: Error {}

    let context: ReminderContext
    let templates: [CompiledTemplate?]
    private var stack: [ReminderTemplateValue] = [.context]

    init(context: ReminderContext, templates: [CompiledTemplate?]) {
        self.context = context
        self.templates = templates
    }

    mutating func render(_ nodes: [CompiledTemplate.Node]) throws(CannotRender) -> String {
        var output = ""
        try render(nodes, into: &output, escapeHTML: true, indentation: nil)
        return output
    }

    /// Appends `nodes` to `output`, which holds only what this list of nodes renders when
    /// there is an indentation (swift-mustache indents after a line feed of its own output).
    private mutating func render(
        _ nodes: [CompiledTemplate.Node], into output: inout String, escapeHTML: Bool, indentation: String?
    ) throws(CannotRender) {
        var escapeHTML = escapeHTML
        for node in nodes {
            if case .escapeHTML(let escape) = node {
                escapeHTML = escape
            } else if let indentation, !indentation.isEmpty {
                var rendered = ""
                try render(node, into: &rendered, escapeHTML: escapeHTML, indentation: indentation)
                if !rendered.isEmpty, output.last == "\n" { output += indentation }
                output += rendered
            } else {
                try render(node, into: &output, escapeHTML: escapeHTML, indentation: indentation)
            }
        }
    }

    private mutating func render(
        _ node: CompiledTemplate.Node, into output: inout String, escapeHTML: Bool, indentation: String?
    ) throws(CannotRender) {
        switch node {
        case .text(let text):
            output += text
        case .variable(let path, let escaped):
            guard let value = lookUp(path) else { return }
            try Self.append(value, to: &output, escapeHTML: escaped && escapeHTML)
        case .section(let path, let body, let inverted):
            try section(lookUp(path), body: body, inverted: inverted, into: &output, escapeHTML: escapeHTML, indentation: indentation)
        case .partial(_, let index, let partialIndentation):
            guard let index else { return }
            guard let template = templates[index] else { throw CannotRender() }
            let combined = partialIndentation.map { (indentation ?? "") + $0 } ?? indentation
            try renderSeparately(template.nodes, into: &output, escapeHTML: true, indentation: combined)
        case .escapeHTML:
            break
        }
    }

    /// A partial's or section's own rendering: with an indentation it starts a fresh
    /// output, as swift-mustache's does.
    private mutating func renderSeparately(
        _ nodes: [CompiledTemplate.Node], into output: inout String, escapeHTML: Bool, indentation: String?
    ) throws(CannotRender) {
        guard let indentation, !indentation.isEmpty else {
            return try render(nodes, into: &output, escapeHTML: escapeHTML, indentation: indentation)
        }
        var own = ""
        try render(nodes, into: &own, escapeHTML: escapeHTML, indentation: indentation)
        output += own
    }

    private mutating func section(
        _ value: ReminderTemplateValue?, body: [CompiledTemplate.Node], inverted: Bool,
        into output: inout String, escapeHTML: Bool, indentation: String?
    ) throws(CannotRender) {
        switch (value, inverted) {
        case (.bool(let flag), _):
            if flag != inverted { try renderSeparately(body, into: &output, escapeHTML: escapeHTML, indentation: indentation) }
        case (.items, false):
            for index in context.items.indices {
                try render(body, pushing: .item(index), into: &output, escapeHTML: escapeHTML, indentation: indentation)
            }
        case (.items, true):
            if context.items.isEmpty { try render(body, pushing: .opaque, into: &output, escapeHTML: escapeHTML, indentation: indentation) }
        case (.opaque, false), (.none, false), (.some, true):
            break
        case (.none, true):
            try renderSeparately(body, into: &output, escapeHTML: escapeHTML, indentation: indentation)
        case (.some(let value), false):
            try render(body, pushing: value, into: &output, escapeHTML: escapeHTML, indentation: indentation)
        }
    }

    private mutating func render(
        _ body: [CompiledTemplate.Node], pushing value: ReminderTemplateValue,
        into output: inout String, escapeHTML: Bool, indentation: String?
    ) throws(CannotRender) {
        stack.append(value)
        defer { stack.removeLast() }
        try renderSeparately(body, into: &output, escapeHTML: escapeHTML, indentation: indentation)
    }

    /// swift-mustache's lookup: the first name in the innermost frame that has it (or in
    /// the innermost frame only), the rest of a dotted name inside what it found.
    private func lookUp(_ path: CompiledTemplate.Path) -> ReminderTemplateValue? {
        guard let first = path.fields.first else { return stack.last }
        var found: ReminderTemplateValue?
        if path.innermostOnly {
            found = stack.last.flatMap { frame in first.flatMap { frame.child($0, of: context) } }
        } else if let first {
            for frame in stack.reversed() {
                if let value = frame.child(first, of: context) {
                    found = value
                    break
                }
            }
        }
        for field in path.fields.dropFirst() {
            guard let frame = found, let field else { return nil }
            found = frame.child(field, of: context)
        }
        return found
    }

    /// What swift-mustache prints for a scalar (`String(describing:)`); lists and items it
    /// prints as Swift dictionaries, which this renderer leaves to it.
    private static func append(_ value: ReminderTemplateValue, to output: inout String, escapeHTML: Bool) throws(CannotRender) {
        switch value {
        case .string(let text): escapeHTML ? HTMLEscaping.append(text, to: &output) : output.append(text)
        case .int(let number): output += String(number)
        case .bool(let flag): output += flag ? "true" : "false"
        case .items, .item, .context, .opaque: throw CannotRender()
        }
    }
}
