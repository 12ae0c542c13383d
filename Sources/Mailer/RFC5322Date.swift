import Compliance
import Foundation

/// Dates as RFC 5322 §3.3 writes them, in UTC: `Tue, 01 Jul 2025 09:00:00 +0000`.
/// Computed with integer arithmetic (no Calendar), since every message needs one; the
/// date part is Compliance's ``CivilDate``.
enum RFC5322Date {
    private static let days = "ThuFriSatSunMonTueWed"
    private static let months = "JanFebMarAprMayJunJulAugSepOctNovDec"

    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - dayNumber * 86_400
        let (year, month, day) = CivilDate(dayNumber: Int32(dayNumber)).components
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        bytes.append(contentsOf: days.utf8.dropFirst(3 * (((dayNumber % 7) + 7) % 7)).prefix(3))
        bytes.append(contentsOf: ", ".utf8)
        appendTwoDigits(day, to: &bytes)
        bytes.append(0x20)
        bytes.append(contentsOf: months.utf8.dropFirst(3 * (month - 1)).prefix(3))
        bytes.append(0x20)
        bytes.append(contentsOf: String(year).utf8)
        bytes.append(0x20)
        appendTwoDigits(secondOfDay / 3600, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendTwoDigits(secondOfDay / 60 % 60, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendTwoDigits(secondOfDay % 60, to: &bytes)
        bytes.append(contentsOf: " +0000".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `value` (0...99) in two digits.
    private static func appendTwoDigits(_ value: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "0") + UInt8(value / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
