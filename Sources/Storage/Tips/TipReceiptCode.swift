import Crypto
import Foundation

/// The code a reporter keeps to read a tip's status: 20 random base32 characters
/// (100 bits), shown in groups of five (`K7QXM-2RD4P-…`). Only its SHA-256 is stored.
public struct TipReceiptCode: Sendable, Equatable {
    /// RFC 4648 base32 letters: no 0, 1, 8 or 9 to confuse with O, I, B or g.
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let length = 20

    /// The 20 characters, upper case, without separators.
    public let characters: String

    /// A new random code.
    public static func generate() -> TipReceiptCode {
        var generator = SystemRandomNumberGenerator()
        return TipReceiptCode(characters: String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }))
    }

    /// A code as a reporter typed it (case, spaces and dashes ignored); nil when it
    /// cannot be a code.
    public init?(typed text: String) {
        let cleaned = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard cleaned.count == Self.length, cleaned.allSatisfy(Self.alphabet.contains) else { return nil }
        characters = cleaned
    }

    private init(characters: String) { self.characters = characters }

    /// The code as shown to the reporter: four groups of five.
    public var grouped: String {
        stride(from: 0, to: Self.length, by: 5).map { start in
            let from = characters.index(characters.startIndex, offsetBy: start)
            return String(characters[from..<characters.index(from, offsetBy: 5)])
        }.joined(separator: "-")
    }

    /// What the database keeps: SHA-256 of the 20 characters.
    public var hash: Data { Data(SHA256.hash(data: Data(characters.utf8))) }
}
