import Foundation

/// The tenant's local send hour in its IANA time zone, turned into instants.
///
/// Daylight saving: when the hour does not exist on a day (spring forward) the reminder
/// goes out at the next valid instant (the moment the clocks jump); when it occurs twice
/// (fall back) it goes out at the first occurrence.
public struct LocalSendTime: Sendable {
    public let timeZone: TimeZone
    public let hour: Int

    /// - Throws: ``SettingsError`` for an unknown zone or an hour outside 0–23.
    public init(timeZone identifier: String, hour: Int) throws(SettingsError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw .invalidValue("timeZone", "'\(identifier)' is not an IANA time zone such as America/New_York")
        }
        guard (0...23).contains(hour) else { throw .outOfRange("sendHour", value: hour, allowed: 0...23) }
        self.timeZone = zone
        self.hour = hour
    }

    /// The instant of the send hour on `date` in the zone.
    public func instant(on date: CivilDate) -> Date {
        let local = Double(Int(date.dayNumber) * 86_400 + hour * 3_600)
        let offsets = [local - 86_400, local + 86_400].map { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: $0)) }
        let valid = Set(offsets).map { local - Double($0) }.filter { candidate in
            Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: candidate))) == local - candidate
        }
        if let first = valid.min() { return Date(timeIntervalSince1970: first) }
        // The local time falls in a gap: send when the clocks jump past it.
        let earliest = local - Double(offsets.max() ?? 0)
        if let jump = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: earliest)) {
            return jump
        }
        return Date(timeIntervalSince1970: local - Double(offsets.min() ?? 0))
    }

    /// The calendar day `instant` falls on in this time zone.
    public func civilDate(of instant: Date) -> CivilDate {
        let local = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        return CivilDate(dayNumber: Int32((local / 86_400).rounded(.down)))
    }
}
