/// A calendar question could not be answered.
public struct CalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case yearOutOfRange(Int)
        case dateOutOfRange(CivilDate)
        case reversedRange(CivilDate, CivilDate)
    }

    private let reason: Reason

    /// The year is outside the years whose holidays are known (1971–2200).
    public static func yearOutOfRange(_ year: Int) -> Self { Self(reason: .yearOutOfRange(year)) }
    /// A business-day step reached a date outside the years whose holidays are known.
    public static func dateOutOfRange(_ date: CivilDate) -> Self { Self(reason: .dateOutOfRange(date)) }
    /// A closure or outage ends before it starts.
    public static func reversedRange(_ first: CivilDate, _ last: CivilDate) -> Self {
        Self(reason: .reversedRange(first, last))
    }

    public var description: String {
        let years = CivilDate.supportedYears
        switch reason {
        case .yearOutOfRange(let year):
            return "year \(year) is outside the supported years \(years.lowerBound)–\(years.upperBound)"
        case .dateOutOfRange(let date):
            return "business days around \(date) cannot be counted: holidays are known only for "
                + "\(years.lowerBound)–\(years.upperBound)"
        case .reversedRange(let first, let last):
            return "the period \(first)…\(last) ends before it starts; swap the dates"
        }
    }
}
