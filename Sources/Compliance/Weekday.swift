/// A day of the week; raw values are the lowercase English names used in settings.
public enum Weekday: String, CaseIterable, Codable, Sendable, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// ISO 8601 number: Monday 1 … Sunday 7.
    public var isoNumber: Int {
        switch self {
        case .monday: 1
        case .tuesday: 2
        case .wednesday: 3
        case .thursday: 4
        case .friday: 5
        case .saturday: 6
        case .sunday: 7
        }
    }

    /// Monday to Friday.
    public static let mondayToFriday: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// Three-letter English abbreviation, e.g. `Mon`.
    public var abbreviation: String {
        rawValue.prefix(1).uppercased() + rawValue.dropFirst().prefix(2)
    }

    static func fromISO(_ number: Int) -> Weekday {
        allCases[(number - 1) % 7]
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        lhs.isoNumber < rhs.isoNumber
    }
}
