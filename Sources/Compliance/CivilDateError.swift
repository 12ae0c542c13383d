/// A date given as input could not be used.
public struct CivilDateError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case malformed(String)
        case nonexistent(String)
        case outOfRange(String)
    }

    private let reason: Reason

    /// The text is not a date of the form `YYYY-MM-DD`.
    public static func malformed(_ text: String) -> Self { Self(reason: .malformed(text)) }
    /// The day does not exist in the calendar (e.g. `2025-02-30`).
    public static func nonexistent(_ text: String) -> Self { Self(reason: .nonexistent(text)) }
    /// The year is outside the supported years (1971–2200).
    public static func outOfRange(_ text: String) -> Self { Self(reason: .outOfRange(text)) }

    public var description: String {
        let years = CivilDate.supportedYears
        switch reason {
        case .malformed(let text):
            return "'\(text)' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02"
        case .nonexistent(let text):
            return "\(text) does not exist in the calendar; check the month and day"
        case .outOfRange(let text):
            return "\(text) is outside the supported years \(years.lowerBound)–\(years.upperBound)"
        }
    }
}
