/// The control characters no text field of Attest takes, whether it comes from the
/// API, a CSV file or the command line: every C0 control but tab, line feed and
/// carriage return (so NUL too, which PostgreSQL cannot store in text), DEL, and the C1
/// controls. They have no place in a name, a note or an answer, and some drive
/// terminals or confuse the systems a record is sent on to.
public enum ControlCharacters {
    /// Whether `scalar` is one of them.
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return false
        }
    }

    /// The first refused control character of `text`, if any.
    public static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isRefused)
    }

    /// The problem with `text`, naming the character (`U+0000`), or nil when it has none.
    public static func problem(in text: String) -> String? {
        first(in: text).map(Self.problem(for:))
    }

    /// The sentence for a refused character.
    public static func problem(for scalar: Unicode.Scalar) -> String {
        "contains the control character \(codePoint(scalar)), which no text field takes; remove it"
    }

    /// `U+001B`.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The refused control character that starts at `bytes[index]` of UTF-8 text, if one
    /// does: a C0 or DEL byte, or the two bytes of a C1 control.
    static func refused(inUTF8 bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Unicode.Scalar? {
        let byte = bytes[index]
        if byte < 0x80 {
            let scalar = Unicode.Scalar(byte)
            return isRefused(scalar) ? scalar : nil
        }
        if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
            return Unicode.Scalar(bytes[index + 1])
        }
        return nil
    }
}
