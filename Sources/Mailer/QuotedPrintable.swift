/// Quoted-printable (RFC 2045 §6.7) for message bodies, on bytes.
///
/// Every line ending in the input (CRLF, bare LF, bare CR) becomes CRLF; encoded lines
/// are at most 76 characters (soft line breaks `=` CRLF), so any line length in the
/// input is fine and the output is 7-bit clean.
///
/// The encoder writes through a pointer into memory sized by ``maximumEncodedCount(_:)``:
/// every message body passes through here, so it does no per-byte allocation or bounds
/// check.
enum QuotedPrintable {
    static let maximumLineLength = 76

    static func encode(_ input: [UInt8]) -> [UInt8] {
        input.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: maximumEncodedCount(input.count)) { output, count in
                count = encode(input, into: output.baseAddress!)
            }
        }
    }

    /// An upper bound on the output for `count` input bytes: each byte becomes at most 3
    /// (`=XX`; a line ending of 1 or 2 bytes becomes 2), and a soft break (3 bytes) comes
    /// only after at least 73 output characters, that is after at least 25 input bytes.
    static func maximumEncodedCount(_ count: Int) -> Int {
        3 * count + 3 * (count / 25) + 3
    }

    /// Encodes `input` into `output`, which must hold ``maximumEncodedCount(_:)`` bytes;
    /// returns the number of bytes written.
    static func encode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> Int {
        let cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        let count = input.count
        guard count > 0, let bytes = input.baseAddress else { return 0 }
        var out = output
        var index = 0
        while index < count {
            var end = index
            // Eight bytes at a time while none is a control character (CR and LF are).
            while end + 8 <= count, !Word.hasByteBelow0x20(Word.load(bytes + end)) { end += 8 }
            while end < count {
                let byte = bytes[end]
                if byte < 0x0E, byte == cr || byte == lf { break }
                end += 1
            }
            if end > index { out = encodeLine(bytes + index, count: end - index, into: out) }
            guard end < count else { break }
            out[0] = cr
            out[1] = lf
            out += 2
            index = end + ((bytes[end] == cr && end + 1 < count && bytes[end + 1] == lf) ? 2 : 1)
        }
        return out - output
    }

    /// One line (at least one byte, without its ending) with soft breaks; returns the
    /// position after it.
    ///
    /// Printable ASCII except `=` is literal; a leading `.` is left to dot-stuffing.
    /// Spaces and tabs are literal except as the line's last byte. A soft break's `=`
    /// needs room on the line, except after the line's last byte, which may reach 76.
    private static func encodeLine(_ line: UnsafePointer<UInt8>, count: Int, into output: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var out = output
        var length = 0  // characters on the current encoded line
        let limit = maximumLineLength - 1
        var index = 0
        while index < count - 1 {
            // Eight literal bytes at a time, none of them the line's last.
            if index + 9 <= count, length + 8 <= limit {
                let word = Word.load(line + index)
                if Word.isPrintableWithoutEquals(word) {
                    UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self)
                    out += 8
                    length += 8
                    index += 8
                    continue
                }
            }
            let byte = line[index]
            index += 1
            if byte &- 0x20 < 0x5F ? byte != UInt8(ascii: "=") : byte == 0x09 {
                if length + 1 > limit { out = softBreak(out, &length) }
                out[0] = byte
                out += 1
                length += 1
            } else {
                if length + 3 > limit { out = softBreak(out, &length) }
                out = escaped(byte, out)
                length += 3
            }
        }
        let byte = line[count - 1]
        let literal = byte &- 0x21 < 0x5E && byte != UInt8(ascii: "=")
        if length + (literal ? 1 : 3) > maximumLineLength { out = softBreak(out, &length) }
        if literal {
            out[0] = byte
            return out + 1
        }
        return escaped(byte, out)
    }

    @inline(__always)
    private static func softBreak(_ out: UnsafeMutablePointer<UInt8>, _ length: inout Int) -> UnsafeMutablePointer<UInt8> {
        out[0] = UInt8(ascii: "=")
        out[1] = 0x0D
        out[2] = 0x0A
        length = 0
        return out + 3
    }

    @inline(__always)
    private static func escaped(_ byte: UInt8, _ out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        out[0] = UInt8(ascii: "=")
        out[1] = hex(byte >> 4)
        out[2] = hex(byte & 0x0F)
        return out + 3
    }

    /// Tests on eight bytes at once (SWAR): each answer is exact for the whole word.
    private enum Word {
        static let ones: UInt64 = 0x0101_0101_0101_0101
        static let highBits: UInt64 = 0x8080_8080_8080_8080

        @inline(__always)
        static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
            UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
        }

        /// Whether any byte is below 0x20 (any byte with the high bit set counts as not).
        @inline(__always)
        static func hasByteBelow0x20(_ word: UInt64) -> Bool {
            (word &- ones &* 0x20) & ~word & highBits != 0
        }

        /// Whether every byte is in 0x20...0x7E and none is `=`.
        @inline(__always)
        static func isPrintableWithoutEquals(_ word: UInt64) -> Bool {
            let above0x7E = ((word &+ ones &* (0x7F - 0x7E)) | word) & highBits
            let equals = word ^ (ones &* 0x3D)
            let hasEquals = (equals &- ones) & ~equals & highBits
            return above0x7E | hasEquals == 0 && !hasByteBelow0x20(word)
        }
    }

    @inline(__always)
    private static func hex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10
    }
}
