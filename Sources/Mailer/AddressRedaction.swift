/// Hides the local part of every e-mail address in a text (a relay's reply, an error),
/// keeping the domain: `550 5.1.1 <jane.doe@alpha.example> unknown` becomes
/// `550 5.1.1 <…@alpha.example> unknown`. For logs, which must not hold a recipient's
/// address; what is stored for operators (the delivery's last reply) keeps the text.
public enum AddressRedaction {
    /// `text` with the local part of each address replaced by `…`.
    public static func redacted(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("@") else { return text }
        var output = String.UnicodeScalarView()
        var start = 0
        for (index, scalar) in scalars.enumerated() where scalar == "@" {
            var localStart = index
            while localStart > start, !isBoundary(scalars[localStart - 1]) { localStart -= 1 }
            output.append(contentsOf: scalars[start..<localStart])
            if localStart < index, index + 1 < scalars.count, !isBoundary(scalars[index + 1]) {
                output.append("…")
            } else {
                output.append(contentsOf: scalars[localStart..<index])
            }
            start = index
        }
        output.append(contentsOf: scalars[start...])
        return String(output)
    }

    /// What ends an address's local part or domain in free text.
    private static func isBoundary(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || "<>\"'(),;:[]".unicodeScalars.contains(scalar) || scalar.value < 0x20 || scalar == "@"
    }
}
