import MarkupEscaping
import Mustache

/// swift-mustache's `HTML` content type, escaping with the project's ``HTMLEscaping``
/// (by Unicode scalars) instead of its own Character-wise escaper, which lets a quote
/// followed by a combining mark through. HTML templates start with its pragma (the
/// renderer's default HTML escaping cannot be replaced), so both renderers escape alike.
struct MustacheHTMLContent: MustacheContentType {
    /// The pragma that selects it; on a line of its own, so that the template's first
    /// line keeps its meaning (a standalone tag stays standalone).
    static let pragma = "{{% CONTENT_TYPE: HTML}}\n"

    /// Registered under `HTML` once, before the first template is parsed.
    static let registered: Void = MustacheContentTypes.register(MustacheHTMLContent(), named: "HTML")

    func escapeText(_ text: String) -> String {
        HTMLEscaping.escaped(text)
    }
}
