/// Text from outside (a tip, a reply) made safe to print to a terminal.
enum TerminalText {
    /// `text` without C0 controls, DEL and C1 controls (escape sequences start with
    /// them), keeping line breaks and tabs; a lone carriage return, which would let a
    /// line overwrite what came before it, becomes a line break.
    static func printable(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\n": if previous != "\r" { output.append(scalar) }
            case "\r", "\t": output.append(scalar == "\r" ? "\n" : scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value): continue
            default: output.append(scalar)
            }
        }
        return String(output)
    }
}
