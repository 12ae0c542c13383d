import Foundation
import Mustache

/// The reminder templates: the shipped ones, with any of them replaced by files from
/// an override folder (one per tenant). Every template is parsed when the set is loaded,
/// so a broken one stops start-up instead of a send.
///
/// Text templates (`.subject`, `.text`) are not HTML-escaped; HTML ones are.
///
/// ```swift
/// let templates = try TemplateSet.load(overrideDirectory: "/etc/attest/templates/acme")
/// let mail = try templates.render(context)   // subject, text, html
/// ```
public struct TemplateSet: Sendable {
    private let library: MustacheLibrary
    /// The same templates compiled for reminders: what renders them, unless a template
    /// needs swift-mustache (see ``CompiledTemplate``).
    private let compiled: CompiledTemplates
    /// Every template name in the set.
    public let names: Set<String>

    /// The shipped templates only.
    public static func shipped() throws(TemplateError) -> TemplateSet {
        try TemplateSet(sources: ShippedTemplates.all(), files: [:])
    }

    /// The shipped templates with files from `overrideDirectory` replacing them.
    ///
    /// A file `NAME.mustache` replaces the template `NAME`, for example
    /// `i9_section2.text.mustache`, `digest.html.mustache` or `item.text.mustache`.
    /// - Throws: ``TemplateError`` when the folder cannot be read, a file names no known
    ///   template, or a template does not parse.
    public static func load(overrideDirectory: String?) throws(TemplateError) -> TemplateSet {
        var sources = ShippedTemplates.all()
        var files: [String: String] = [:]
        if let overrideDirectory {
            for (name, (path, text)) in try readOverrides(overrideDirectory, known: Set(sources.keys)) {
                sources[name] = text
                files[name] = path
            }
        }
        return try TemplateSet(sources: sources, files: files)
    }

    /// A set of exactly these templates (name → Mustache source), each parsed by
    /// swift-mustache and, where it can, by the compiled renderer; `files` names the file
    /// a template came from, for errors. Public for the fuzzer (deploy/fuzz).
    /// - Throws: ``TemplateError`` when a template does not parse, changes its delimiters,
    ///   or includes itself through its partials.
    public init(sources: [String: String], files: [String: String] = [:]) throws(TemplateError) {
        try TemplatePartials.check(sources, files: files)
        MustacheHTMLContent.registered
        var library = MustacheLibrary()
        let texts = sources.reduce(into: [String: String]()) { texts, entry in
            texts[entry.key] = entry.key.hasSuffix(".html") ? MustacheHTMLContent.pragma + entry.value : "{{% CONTENT_TYPE: TEXT}}" + entry.value
        }
        for (name, text) in texts {
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch {
                throw TemplateError(.parse(name: name, file: files[name], detail: String(describing: error)))
            }
        }
        self.library = library
        self.compiled = CompiledTemplates(sources: texts)
        self.names = Set(sources.keys)
    }

    /// Renders one reminder (the item's kind's templates, or `reminder` for an unknown
    /// kind) or, for several items, the digest.
    public func render(_ context: ReminderContext) throws(TemplateError) -> RenderedMail {
        guard let first = context.items.first else { throw TemplateError(.noItems) }
        let base = context.items.count > 1 ? "digest" : (names.contains("\(first.kind).text") ? first.kind : "reminder")
        var values: [String: Any]?
        func render(_ name: String) throws(TemplateError) -> String {
            if let output = compiled.render(name, context) { return output }
            let dictionary = values ?? context.templateValues
            values = dictionary
            return try self.render(name, dictionary)
        }
        return RenderedMail(
            subject: Self.oneLine(try render("\(base).subject")),
            text: try render("\(base).text"),
            html: try render("\(base).html")
        )
    }

    /// `name` rendered by swift-mustache alone, for tests (and the fuzzer) that compare the
    /// two renderers.
    public func renderWithMustache(_ name: String, _ context: ReminderContext) throws(TemplateError) -> String {
        try render(name, context.templateValues)
    }

    /// `name` rendered by the compiled renderer alone; nil where it defers to swift-mustache.
    public func renderCompiled(_ name: String, _ context: ReminderContext) -> String? {
        compiled.render(name, context)
    }

    func render(_ name: String, _ values: [String: Any]) throws(TemplateError) -> String {
        guard let output = library.render(values, withTemplate: name) else { throw TemplateError(.missingTemplate(name)) }
        return output
    }

    /// A subject is one line: line breaks become spaces, runs of spaces one space.
    static func oneLine(_ text: String) -> String {
        if isOneLine(text.utf8) { return text }
        return text.split(whereSeparator: { $0.isWhitespace || $0 == "\0" }).joined(separator: " ")
    }

    /// Printable ASCII with single spaces between words: already one line.
    private static func isOneLine(_ bytes: String.UTF8View) -> Bool {
        var previous: UInt8 = 0x20
        for byte in bytes {
            guard (0x20...0x7E).contains(byte), !(byte == 0x20 && previous == 0x20) else { return false }
            previous = byte
        }
        return previous != 0x20
    }

    private static func readOverrides(_ directory: String, known: Set<String>) throws(TemplateError) -> [String: (String, String)] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw TemplateError(.unreadableDirectory(directory, String(describing: error)))
        }
        var result: [String: (String, String)] = [:]
        for entry in entries.sorted() where entry.hasSuffix(".mustache") {
            let name = String(entry.dropLast(".mustache".count))
            guard known.contains(name) else { throw TemplateError(.unknownTemplateFile(entry)) }
            let path = "\(directory)/\(entry)"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateError(.unreadableDirectory(path, "the file cannot be read"))
            }
            result[name] = (path, String(decoding: data, as: UTF8.self))
        }
        return result
    }
}
