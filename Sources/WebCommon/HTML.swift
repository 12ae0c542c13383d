import MarkupEscaping

/// A fragment of HTML that is safe to insert into a page: text interpolated into it is
/// escaped, other `HTML` values are inserted as they are. Pages are built only from
/// these, so nothing a user typed reaches a page unescaped.
///
/// ```swift
/// let row: HTML = "<td>\(tenant.legalName)</td>"   // escaped
/// let page: HTML = "<tr>\(row)</tr>"               // inserted as is
/// ```
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var markup: String

    /// Markup written by the programmer (a literal), trusted as it is.
    public init(stringLiteral value: String) {
        markup = value
    }

    public init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    /// Text escaped for element content and quoted attribute values.
    public init(escaping text: String) {
        markup = ""
        Self.escape(text, into: &markup)
    }

    /// The fragments one after another.
    public init(joining fragments: some Sequence<HTML>) {
        markup = fragments.map(\.markup).joined()
    }

    public var description: String { markup }

    /// The two fragments one after the other.
    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        var joined = lhs
        joined.markup += rhs.markup
        return joined
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` scalar by scalar (``HTMLEscaping``): a quote
    /// followed by a combining mark is still escaped, so it cannot end an attribute value.
    static func escape(_ text: String, into output: inout String) {
        HTMLEscaping.append(text, to: &output)
    }

    /// Builds markup: literals as they are, strings and numbers escaped, `HTML` as it is.
    public struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) {
            markup += literal
        }

        public mutating func appendInterpolation(_ text: String) {
            HTML.escape(text, into: &markup)
        }

        public mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.escape(text, into: &markup) }
        }

        public mutating func appendInterpolation(_ number: Int) {
            markup += String(number)
        }

        public mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }
    }
}
