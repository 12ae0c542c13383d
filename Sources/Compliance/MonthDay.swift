/// A day of the year without a year, e.g. the tenant's audit date `09-30`.
///
/// Encoded as `MM-DD`. Feb 29 is allowed; in a non-leap year it follows the tenant's
/// ``LeapDayRule``.
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    public let month: Int
    public let day: Int

    /// Builds a month and day that exist in a leap year.
    public init(month: Int, day: Int) throws(CivilDateError) {
        let text = "--" + String(month) + "-" + String(day)
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: 2000, month: month) else {
            throw .nonexistent(text)
        }
        self.month = month
        self.day = day
    }

    /// Parses `MM-DD`.
    public init(text: String) throws(CivilDateError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }),
            let month = Int(parts[0]), let day = Int(parts[1])
        else { throw .malformed(text) }
        try self.init(month: month, day: day)
    }

    /// This month and day in `year`.
    public func date(in year: Int, rule: LeapDayRule) -> CivilDate {
        let last = CivilDate.daysInMonth(year: year, month: month)
        guard day > last else { return CivilDate(uncheckedYear: year, month: month, day: day) }
        let clamped = CivilDate(uncheckedYear: year, month: month, day: last)
        return rule == .february28 ? clamped : clamped.adding(days: 1)
    }

    /// `MM-DD`.
    public var description: String {
        (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}

extension MonthDay: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(text: try container.decode(String.self))
        } catch let error as CivilDateError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension CivilDate {
    /// The month and day of this date.
    public var monthDay: MonthDay {
        let (_, month, day) = components
        return MonthDay(validMonth: month, day: day)
    }
}

extension MonthDay {
    /// A month and day taken from an existing date (always valid in a leap year).
    init(validMonth month: Int, day: Int) {
        self.month = month
        self.day = day
    }
}
