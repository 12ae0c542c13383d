/// Parses Mustache into ``CompiledTemplate`` nodes: a port of swift-mustache's parser
/// (Sources/Mustache/Template+Parser.swift, Apache-2.0, the Hummingbird authors) for what
/// the compiled renderer supports, quirks included, so that both read a template alike.
/// Transforms, inheritance (`{{<…}}`, `{{$…}}`) and dynamic partials throw
/// ``Unsupported``, and so does anything swift-mustache would not parse.
enum CompiledTemplateParser {
    struct Unsupported: Error {}

    private struct State {
        var sectionName: String?
        var newLine = true
        var startDelimiter = "{{"
        var endDelimiter = "}}"

        func inSection(_ name: String, newLine: Bool) -> State {
            var state = self
            state.sectionName = name
            if !newLine { state.newLine = false }
            return state
        }
    }

    static func parse(_ source: String) throws(Unsupported) -> [CompiledTemplate.Node] {
        var cursor = Cursor(source)
        return try parse(&cursor, state: State())
    }

    private static func parse(_ cursor: inout Cursor, state: State) throws(Unsupported) -> [CompiledTemplate.Node] {
        var nodes: [CompiledTemplate.Node] = []
        var state = state
        var whiteSpaceBefore = ""
        func flushWhiteSpace() {
            if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
            whiteSpaceBefore = ""
        }
        while !cursor.reachedEnd {
            if state.newLine { whiteSpaceBefore = String(cursor.read(whileIn: [" ", "\t"])) }
            let text = try readUntilDelimiterOrNewline(&cursor, state: state)
            if cursor.current.isNewline {
                nodes.append(.text(whiteSpaceBefore + text + String(cursor.current)))
                state.newLine = true
                cursor.advance()
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = ""
                state.newLine = false
            }
            if cursor.reachedEnd { break }
            var setNewLine = false
            switch cursor.current {
            case "#", "^":
                let inverted = cursor.current == "^"
                cursor.advance()
                let name = try parseName(&cursor, state: state)
                if isStandalone(&cursor, state: state) { setNewLine = true } else { flushWhiteSpace() }
                let body = try parse(&cursor, state: state.inSection(name, newLine: setNewLine))
                nodes.append(.section(path(name), body, inverted: inverted))
            case "/":
                cursor.advance()
                let name = try parseName(&cursor, state: state)
                guard name == state.sectionName else { throw Unsupported() }
                if !isStandalone(&cursor, state: state) { flushWhiteSpace() }
                return nodes
            case "!":
                cursor.advance()
                guard cursor.skip(past: state.endDelimiter) else { throw Unsupported() }
                setNewLine = isStandalone(&cursor, state: state)
            case "{":
                flushWhiteSpace()
                cursor.advance()
                let name = try parseName(&cursor, state: state)
                guard cursor.read("}") else { throw Unsupported() }
                nodes.append(.variable(path(name), escaped: false))
            case "&":
                flushWhiteSpace()
                cursor.advance()
                nodes.append(.variable(path(try parseName(&cursor, state: state)), escaped: false))
            case ">":
                cursor.advance()
                cursor.read(while: \.isWhitespace)
                guard cursor.current != "*" else { throw Unsupported() }
                let name = try parsePartialName(&cursor, state: state)
                if !whiteSpaceBefore.isEmpty { nodes.append(.text(whiteSpaceBefore)) }
                if isStandalone(&cursor, state: state) {
                    setNewLine = true
                    nodes.append(.partial(name, index: nil, indentation: whiteSpaceBefore))
                } else {
                    nodes.append(.partial(name, index: nil, indentation: nil))
                }
                whiteSpaceBefore = ""
            case "=":
                cursor.advance()
                state = try setDelimiters(&cursor, state: state)
                setNewLine = isStandalone(&cursor, state: state)
            case "%":
                cursor.advance()
                nodes.append(.escapeHTML(try contentTypeIsHTML(&cursor, state: state)))
                setNewLine = isStandalone(&cursor, state: state)
            case "<", "$":
                throw Unsupported()
            default:
                flushWhiteSpace()
                nodes.append(.variable(path(try parseName(&cursor, state: state)), escaped: true))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw Unsupported() }
        return nodes
    }

    /// swift-mustache's name lookup: `.` (or nothing) is the innermost frame, `.a.b`
    /// starts in the innermost frame only, `a.b` in the innermost frame that has `a`.
    private static func path(_ name: String) -> CompiledTemplate.Path {
        let fields = name == "." ? [] : name.split(separator: ".").map { ReminderTemplateField(rawValue: String($0)) }
        return CompiledTemplate.Path(fields: fields, innermostOnly: name != "." && name.first == ".")
    }

    private static func readUntilDelimiterOrNewline(_ cursor: inout Cursor, state: State) throws(Unsupported) -> String {
        guard let first = state.startDelimiter.first else { return "" }
        let stops: Set<Character> = ["\n", "\r\n", first]
        var text = ""
        while !cursor.reachedEnd {
            text += cursor.read(untilIn: stops)
            if cursor.current.isNewline {
                break
            } else if cursor.current == first {
                if try cursor.read(string: state.startDelimiter) { break }
                text.append(first)
                cursor.advance()
            }
        }
        return text
    }

    private static func parseName(_ cursor: inout Cursor, state: State) throws(Unsupported) -> String {
        let name = try readName(&cursor, characters: nameCharacters, state: state)
        // Brackets make a transform, which only swift-mustache renders.
        guard !name.contains("("), !name.contains(")") else { throw Unsupported() }
        return name
    }

    private static func parsePartialName(_ cursor: inout Cursor, state: State) throws(Unsupported) -> String {
        try readName(&cursor, characters: partialNameCharacters, state: state)
    }

    /// A tag's name made of `characters`, with spaces around it, up to the end delimiter.
    private static func readName(_ cursor: inout Cursor, characters: Set<Character>, state: State) throws(Unsupported) -> String {
        cursor.read(while: \.isWhitespace)
        let name = String(cursor.read(whileIn: characters))
        cursor.read(while: \.isWhitespace)
        guard try cursor.read(string: state.endDelimiter) else { throw Unsupported() }
        return name
    }

    private static func setDelimiters(_ cursor: inout Cursor, state: State) throws(Unsupported) -> State {
        cursor.read(while: \.isWhitespace)
        guard let start = cursor.read(until: \.isWhitespace) else { throw Unsupported() }
        cursor.read(while: \.isWhitespace)
        guard let end = cursor.read(until: { $0 == "=" || $0.isWhitespace }) else { throw Unsupported() }
        cursor.read(while: \.isWhitespace)
        guard cursor.read("="), try cursor.read(string: state.endDelimiter), !start.isEmpty, !end.isEmpty else { throw Unsupported() }
        var state = state
        state.startDelimiter = String(start)
        state.endDelimiter = String(end)
        return state
    }

    /// `{{% CONTENT_TYPE: HTML}}` or `TEXT`: whether variables are HTML-escaped from here on.
    private static func contentTypeIsHTML(_ cursor: inout Cursor, state: State) throws(Unsupported) -> Bool {
        cursor.read(while: \.isWhitespace)
        let variable = cursor.read(whileIn: configCharacters)
        cursor.read(while: \.isWhitespace)
        guard cursor.read(":") else { throw Unsupported() }
        cursor.read(while: \.isWhitespace)
        let value = cursor.read(whileIn: configCharacters)
        cursor.read(while: \.isWhitespace)
        guard try cursor.read(string: state.endDelimiter), variable == "CONTENT_TYPE", value == "HTML" || value == "TEXT" else {
            throw Unsupported()
        }
        return value == "HTML"
    }

    private static func isStandalone(_ cursor: inout Cursor, state: State) -> Bool {
        state.newLine && hasLineFinished(&cursor)
    }

    private static func hasLineFinished(_ cursor: inout Cursor) -> Bool {
        if cursor.reachedEnd { return true }
        var ahead = cursor
        ahead.read(whileIn: [" ", "\t"])
        guard ahead.current.isNewline else { return false }
        ahead.advance()
        cursor = ahead
        return true
    }

    private static let configCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let nameCharacters = configCharacters.union("()")
    private static let partialNameCharacters = nameCharacters.union("/")
}

/// A position in a template's text, Character by Character, as swift-mustache's parser reads.
private struct Cursor {
    let text: String
    var position: String.Index

    init(_ text: String) {
        self.text = text
        self.position = text.startIndex
    }

    var reachedEnd: Bool { position == text.endIndex }
    /// The current Character, or NUL at the end.
    var current: Character { reachedEnd ? "\0" : text[position] }

    mutating func advance() { position = text.index(after: position) }

    /// Reads `character` if it is next; false (and nothing read) otherwise or at the end.
    mutating func read(_ character: Character) -> Bool {
        guard !reachedEnd, text[position] == character else { return false }
        advance()
        return true
    }

    /// Reads `string` if it comes next. Throws when fewer Characters are left than it has
    /// (swift-mustache's overflow, which fails the parse).
    mutating func read(string: String) throws(CompiledTemplateParser.Unsupported) -> Bool {
        guard !string.isEmpty else { return true }
        guard text.distance(from: position, to: text.endIndex) >= string.count else { throw CompiledTemplateParser.Unsupported() }
        let end = text.index(position, offsetBy: string.count)
        guard text[position..<end] == string else { return false }
        position = end
        return true
    }

    @discardableResult
    mutating func read(whileIn characters: Set<Character>) -> Substring {
        read(while: { characters.contains($0) })
    }

    @discardableResult
    mutating func read(while matches: (Character) -> Bool) -> Substring {
        let start = position
        while !reachedEnd, matches(text[position]) { advance() }
        return text[start..<position]
    }

    /// Up to the first Character in `characters`, or to the end.
    mutating func read(untilIn characters: Set<Character>) -> Substring {
        read(while: { !characters.contains($0) })
    }

    /// Up to the first Character that `matches`; nil (and nothing read) when none does.
    mutating func read(until matches: (Character) -> Bool) -> Substring? {
        let start = position
        while !reachedEnd {
            if matches(text[position]) { return text[start..<position] }
            advance()
        }
        position = start
        return nil
    }

    /// Past the end of `marker`, matched as swift-mustache matches it (a mismatch
    /// restarts the match at the next Character); false, and nothing read, without one.
    mutating func skip(past marker: String) -> Bool {
        let start = position
        var matched = marker.startIndex
        while !reachedEnd {
            if text[position] == marker[matched] {
                matched = marker.index(after: matched)
                if matched == marker.endIndex {
                    advance()
                    return true
                }
            } else {
                matched = marker.startIndex
            }
            advance()
        }
        position = start
        return false
    }
}
