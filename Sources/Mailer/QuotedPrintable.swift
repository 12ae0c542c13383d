/// Quoted-printable (RFC 2045 §6.7) for message bodies, on bytes.
///
/// Every line ending in the input (CRLF, bare LF, bare CR) becomes CRLF; encoded lines
/// are at most 76 characters (soft line breaks `=` CRLF), so any line length in the
/// input is fine and the output is 7-bit clean.
enum QuotedPrintable {
    static let maximumLineLength = 76

    static func encode(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 8)
        var lineStart = 0
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0x0D || byte == 0x0A {
                encodeLine(input[lineStart..<index], into: &output)
                output += [0x0D, 0x0A]
                index += (byte == 0x0D && index + 1 < input.count && input[index + 1] == 0x0A) ? 2 : 1
                lineStart = index
            } else {
                index += 1
            }
        }
        if lineStart < input.count { encodeLine(input[lineStart...], into: &output) }
        return output
    }

    /// One line without its ending, with soft breaks.
    private static func encodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var length = 0
        for index in line.indices {
            let byte = line[index]
            let isLast = index == line.index(before: line.endIndex)
            let literal = isLiteral(byte) || (!isLast && (byte == 0x20 || byte == 0x09))
            let width = literal ? 1 : 3
            // Keep room for the soft break's "=" unless this is the line's last token.
            let limit = isLast ? maximumLineLength : maximumLineLength - 1
            if length + width > limit {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                length = 0
            }
            if literal {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "="), hex(byte >> 4), hex(byte & 0x0F)]
            }
            length += width
        }
    }

    /// Printable ASCII except `=`; a leading `.` is left to dot-stuffing.
    private static func isLiteral(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=")
    }

    private static func hex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10
    }
}
