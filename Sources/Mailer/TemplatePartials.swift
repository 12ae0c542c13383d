import Foundation

/// The partials templates include (`{{> name}}`), checked when a set is loaded: a
/// template that includes itself, directly or through others, would recurse without end
/// at the first send (found by the template fuzzer, deploy/fuzz). Set-delimiter tags are
/// refused, so that every partial tag has the one syntax this check reads.
enum TemplatePartials {
    /// Throws when a template changes its delimiters or the partials form a cycle.
    static func check(_ sources: [String: String], files: [String: String]) throws(TemplateError) {
        var references: [String: [String]] = [:]
        for (name, text) in sources {
            if text.contains("{{=") {
                throw TemplateError(.parse(name: name, file: files[name],
                                           detail: "set-delimiter tags ({{=…=}}) are not supported in Attest's templates"))
            }
            references[name] = partials(in: text)
        }
        for name in sources.keys.sorted() {
            if let cycle = cycle(from: name, references: references, path: []) {
                throw TemplateError(.parse(name: name, file: files[name],
                                           detail: "its partials include each other without end: \(cycle.joined(separator: " → "))"))
            }
        }
    }

    /// The names of the partials (`{{> name}}`, and parents `{{< name}}`) `text` includes.
    static func partials(in text: String) -> [String] {
        var names: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            guard let first = rest.first, first == ">" || first == "<", let close = rest.range(of: "}}") else { continue }
            names.append(rest[rest.index(after: rest.startIndex)..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// A path from `name` back to a template already on `path`, if one exists.
    private static func cycle(from name: String, references: [String: [String]], path: [String]) -> [String]? {
        if path.contains(name) { return path + [name] }
        for next in references[name] ?? [] {
            if let found = cycle(from: next, references: references, path: path + [name]) { return found }
        }
        return nil
    }
}
