/// Header values: injection checks, RFC 2047 encoded-words, quoting and folding.
enum HeaderText {
    /// Longest encoded-word (RFC 2047 §2).
    static let maximumEncodedWordLength = 75
    private static let prefix = "=?UTF-8?B?"
    private static let suffix = "?="

    static func checkNoLineBreaks(_ value: String, field: String) throws(MessageError) {
        if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
            throw MessageError(.forbiddenCharacter(field: field))
        }
    }

    /// Whether the text can go into a header as it is: printable ASCII and spaces, and
    /// nothing a decoder would take for an encoded-word.
    static func isPlain(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F, !(previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?")) else { return false }
            previous = byte
        }
        return true
    }

    /// Unstructured text (Subject): as it is when plain, else encoded-words.
    static func unstructured(_ text: String) -> String {
        guard isPlain(text), text.utf8.count < 900, !hasLooseSpaces(text) else {
            return encodedWords(text).joined(separator: " ")
        }
        return text
    }

    /// A display name: as it is when only letters, digits and spaces; quoted when plain
    /// ASCII with specials; encoded-words otherwise.
    static func phrase(_ text: String) -> String {
        if text.utf8.allSatisfy({ isAtext($0) || $0 == 0x20 }), !hasLooseSpaces(text) {
            return text
        }
        if isPlain(text), text.utf8.count < 200 {
            guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") }) else { return "\"\(text)\"" }
            var quoted: [UInt8] = [UInt8(ascii: "\"")]
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { quoted.append(UInt8(ascii: "\\")) }
                quoted.append(byte)
            }
            quoted.append(UInt8(ascii: "\""))
            return String(decoding: quoted, as: UTF8.self)
        }
        return encodedWords(text).joined(separator: " ")
    }

    /// A space at the start or the end, or two in a row. Byte-wise, which is the same as
    /// by characters for the ASCII text it is asked about.
    private static func hasLooseSpaces(_ text: String) -> Bool {
        let space = UInt8(ascii: " ")
        let bytes = text.utf8
        if bytes.first == space || bytes.last == space { return true }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == space, previous == space { return true }
            previous = byte
        }
        return false
    }

    /// RFC 2047 B-encoded words of at most 75 characters, split between characters
    /// (never inside a UTF-8 sequence or a grapheme cluster that fits in one word).
    static func encodedWords(_ text: String) -> [String] {
        let maximumBytes = (maximumEncodedWordLength - prefix.count - suffix.count) / 4 * 3
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            for piece in pieces(of: character, maximumBytes: maximumBytes) {
                if chunk.count + piece.count > maximumBytes {
                    words.append(word(chunk))
                    chunk = []
                }
                chunk += piece
            }
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    /// A character's UTF-8 bytes in one piece, or split by scalar when it is too long.
    private static func pieces(of character: Character, maximumBytes: Int) -> [[UInt8]] {
        let bytes = Array(String(character).utf8)
        guard bytes.count > maximumBytes else { return [bytes] }
        return character.unicodeScalars.map { Array(String($0).utf8) }
    }

    private static func word(_ bytes: [UInt8]) -> String {
        prefix + Base64.encode(bytes) + suffix
    }

    /// RFC 5322 atext (letters, digits and ``!#$%&'*+-/=?^_`{|}~``).
    private static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"),
             UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Appends `Name: value` and CRLF to `out`, folded before spaces so that lines stay
    /// under 78 octets where the words allow (RFC 5322 §2.2.3). Every line stays under
    /// 998 octets because plain values are short and encoded-words are at most 75.
    ///
    /// Works on bytes: every value given here is ASCII (plain text, quoted strings,
    /// encoded-words, addresses), where splitting bytes at spaces is splitting characters.
    static func appendHeaderLine(_ name: String, _ value: String, to out: inout [UInt8]) {
        let space = UInt8(ascii: " ")
        out.append(contentsOf: name.utf8)
        out.append(UInt8(ascii: ":"))
        let nameLength = name.utf8.count + 1
        var lineLength = nameLength
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != space { end += 1 }
                // A line is broken before a word that would take it over 78, unless the
                // line holds no more than the name.
                if lineLength + 1 + (end - start) > 78, lineLength > nameLength {
                    out.append(0x0D)
                    out.append(0x0A)
                    lineLength = 0
                }
                out.append(space)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                lineLength += 1 + end - start
                start = end + 1
            }
        }
        out.append(0x0D)
        out.append(0x0A)
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
