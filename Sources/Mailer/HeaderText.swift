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
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
    }

    /// Unstructured text (Subject): as it is when plain, else encoded-words.
    static func unstructured(_ text: String) -> String {
        guard isPlain(text), !text.contains("  "), text.utf8.count < 900, text == text.trimmed else {
            return encodedWords(text).joined(separator: " ")
        }
        return text
    }

    /// A display name: as it is when only letters, digits and spaces; quoted when plain
    /// ASCII with specials; encoded-words otherwise.
    static func phrase(_ text: String) -> String {
        if text.utf8.allSatisfy({ isAtext($0) || $0 == 0x20 }), text == text.trimmed, !text.contains("  ") {
            return text
        }
        if isPlain(text), text.utf8.count < 200 {
            let escaped = text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return encodedWords(text).joined(separator: " ")
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
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// `Name: value`, folded before spaces so that lines stay under 78 octets where
    /// the words allow (RFC 5322 §2.2.3). Every line stays under 998 octets because
    /// plain values are short and encoded-words are at most 75.
    static func headerLine(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if current.utf8.count + 1 + word.utf8.count > 78, current.utf8.count > name.utf8.count + 1 {
                lines.append(current)
                current = ""
            }
            current += " " + word
        }
        lines.append(current)
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

extension String {
    var trimmed: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
