import Foundation
import PropertyBased
import Testing
@testable import Compliance

@Suite struct LocalSendTimeTests {
    static let zones = ["America/New_York", "America/Los_Angeles", "America/Phoenix", "Pacific/Honolulu", "Europe/London"]

    private func utc(_ text: String) -> Date {
        let date = day(String(text.prefix(10)))
        let hour = Int(text.dropFirst(11).prefix(2)) ?? 0
        return Date(timeIntervalSince1970: Double(Int(date.dayNumber) * 86_400 + hour * 3_600))
    }

    @Test(arguments: [
        ("America/New_York", "2026-03-07", 8, "2026-03-07T13"),
        ("America/New_York", "2026-03-09", 8, "2026-03-09T12"),
        ("America/New_York", "2026-03-08", 2, "2026-03-08T07"),  // 02:00 does not exist: 03:00 EDT
        ("America/New_York", "2026-11-01", 1, "2026-11-01T05"),  // 01:00 twice: the first (EDT)
        ("America/Los_Angeles", "2026-03-08", 2, "2026-03-08T10"),
        ("America/Los_Angeles", "2026-11-01", 1, "2026-11-01T08"),
        ("America/Phoenix", "2026-03-08", 2, "2026-03-08T09"),
        ("Pacific/Honolulu", "2026-11-01", 1, "2026-11-01T11"),
        ("Europe/London", "2026-03-29", 1, "2026-03-29T01"),  // 01:00 does not exist: 02:00 BST
        ("Europe/London", "2026-10-25", 1, "2026-10-25T00"),  // 01:00 twice: the first (BST)
        ("Europe/London", "2026-07-01", 8, "2026-07-01T07"),
    ])
    func sendsAtTheLocalHourAcrossDaylightSaving(zone: String, date: String, hour: Int, expected: String) throws {
        let sendTime = try LocalSendTime(timeZone: zone, hour: hour)
        #expect(sendTime.instant(on: day(date)) == utc(expected))
    }

    /// Local wall-clock seconds since 1970 of an instant in a zone, computed by Foundation's
    /// Calendar (an independent path from LocalSendTime).
    private func wall(_ instant: Date, _ zone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let days = CivilDate.daysFromCivil(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0)
        return days * 86_400 + (c.hour ?? 0) * 3_600 + (c.minute ?? 0) * 60 + (c.second ?? 0)
    }

    @Test func everyHourAroundEveryTransitionIsTheLocalHourOrTheNextValidInstant() async {
        await propertyCheck(count: 40, input: Gen.int(in: 1971...2200), Gen.element(of: Self.zones)) { year, zoneChoice in
            let zoneName = zoneChoice ?? "America/New_York"
            let sendTimes = try (0...23).map { try LocalSendTime(timeZone: zoneName, hour: $0) }
            let zone = sendTimes[0].timeZone
            let newYear = Date(timeIntervalSince1970: Double(Int(CivilDate(uncheckedYear: year, month: 1, day: 1).dayNumber) * 86_400))
            var days = [CivilDate(uncheckedYear: year, month: 7, day: 1)]
            var cursor = newYear
            for _ in 0..<2 {
                guard let next = zone.nextDaylightSavingTimeTransition(after: cursor) else { break }
                let local = CivilDate(dayNumber: Int32(wall(next, zone) / 86_400))
                days += [local.adding(days: -1), local, local.adding(days: 1)]
                cursor = next
            }
            for date in days {
                for sendTime in sendTimes {
                    let instant = sendTime.instant(on: date)
                    let target = Int(date.dayNumber) * 86_400 + sendTime.hour * 3_600
                    let actual = wall(instant, zone)
                    if actual == target {
                        #expect(wall(instant.addingTimeInterval(-3_600), zone) != target, "first occurrence")
                    } else {
                        #expect(actual > target && wall(instant.addingTimeInterval(-1), zone) < target, "\(zoneName) \(date) \(sendTime.hour):00")
                    }
                }
            }
        }
    }
}
