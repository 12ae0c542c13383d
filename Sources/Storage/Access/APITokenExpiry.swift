import Foundation

/// When a new API token expires: `--expires 30d` (days from now) or `--expires
/// 2027-03-01` (that day's start, UTC); 90 days unless told otherwise, at most two years.
public enum APITokenExpiry {
    /// The lifetime of a token made without `--expires`.
    public static let defaultDays = 90
    /// The longest lifetime a token may be given.
    public static let maximumDays = 730
    /// How long before its expiry `attest status` warns about a token.
    public static let warningDays = 14

    /// The expiry of a token made at `now` with the default lifetime.
    public static func `default`(from now: Date) -> Date {
        now.addingTimeInterval(TimeInterval(defaultDays) * 86_400)
    }

    /// The expiry `text` asks for, from `now`.
    /// - Throws: `StorageError(.invalidInput)` naming the field `expires` when the text is
    ///   neither `Nd` nor a date, or falls outside (now, now + two years].
    public static func parse(_ text: String, from now: Date) throws(StorageError) -> Date {
        let expiry: Date
        if text.hasSuffix("d"), let days = Int(text.dropLast()), days > 0, days <= maximumDays {
            expiry = now.addingTimeInterval(TimeInterval(days) * 86_400)
        } else if let day = Self.day(text) {
            expiry = day
        } else {
            throw StorageError(.invalidInput, "expires: \"\(text)\" is neither a number of days (e.g. 30d, at most \(maximumDays)d) nor a date (YYYY-MM-DD)")
        }
        guard expiry > now else {
            throw StorageError(.invalidInput, "expires: \(text) is not in the future")
        }
        guard expiry <= now.addingTimeInterval(TimeInterval(maximumDays) * 86_400) else {
            throw StorageError(.invalidInput, "expires: \(text) is more than \(maximumDays) days away; make a new token when this one expires")
        }
        return expiry
    }

    /// The start (UTC) of the day `YYYY-MM-DD`, if `text` is one.
    private static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return date
    }
}
