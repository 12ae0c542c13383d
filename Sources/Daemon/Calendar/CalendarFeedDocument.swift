import Compliance
import Foundation
import Mailer
import Storage

/// A calendar feed as iCalendar: one all-day event per obligation on its due date (the
/// tenant's local date), with what to do and the rule, an alarm at the plan's first
/// reminder (the tenant's send hour, so many days before), and `STATUS:CANCELLED` for an
/// obligation completed or cancelled in the last days. Each event's UID is its
/// obligation's source key, which a changed due date keeps: a calendar client moves the
/// event rather than adding another.
struct CalendarFeedDocument {
    let tenant: Tenant
    let feedName: String
    let settings: ComplianceSettings
    let links: ConsoleLinks?

    func render(_ entries: [CalendarEntry]) -> String {
        var text = ICalendarText()
        text.property("BEGIN", "VCALENDAR")
        text.property("VERSION", "2.0")
        text.property("PRODID", "-//Attest//IMAGE compliance//EN")
        text.property("CALSCALE", "GREGORIAN")
        text.property("METHOD", "PUBLISH")
        text.text("X-WR-CALNAME", feedName)
        text.text("X-WR-TIMEZONE", tenant.timeZone)
        for entry in entries { event(entry, into: &text) }
        text.property("END", "VCALENDAR")
        return text.document
    }

    private func event(_ entry: CalendarEntry, into text: inout ICalendarText) {
        let kindText = ReminderKindText.text(for: entry.kind.rawValue)
        let summary = "\(kindText.title): \(SubjectDescription.describe(entry.subject, tenant: tenant))"
        text.property("BEGIN", "VEVENT")
        text.text("UID", "\(entry.sourceKey)@\(tenant.id.uuidString.lowercased()).attest")
        text.property("DTSTAMP", Self.utc(entry.updatedAt))
        text.property("LAST-MODIFIED", Self.utc(entry.updatedAt))
        text.property("SEQUENCE", String(Int(entry.updatedAt.timeIntervalSince1970 / 60)))
        text.property("DTSTART;VALUE=DATE", Self.date(entry.dueOn))
        text.property("DTEND;VALUE=DATE", Self.date(entry.dueOn.adding(days: 1)))
        text.text("SUMMARY", summary)
        var description = "\(kindText.instructions)\n\nRule: \(kindText.rule)"
        if let link = links?.link(kind: entry.kind.rawValue, subject: entry.subject, cycle: "", tenant: tenant.slug) {
            description += "\n\n\(link)"
        }
        text.text("DESCRIPTION", description)
        text.property("STATUS", entry.isClosed ? "CANCELLED" : "CONFIRMED")
        text.property("TRANSP", "TRANSPARENT")
        if !entry.isClosed {
            text.property("BEGIN", "VALARM")
            text.property("ACTION", "DISPLAY")
            text.text("DESCRIPTION", summary)
            text.property("TRIGGER", alarm(for: entry.kind))
            text.property("END", "VALARM")
        }
        text.property("END", "VEVENT")
    }

    /// The plan's first dated reminder, at the send hour: `days` before the all-day
    /// event's start (its local midnight), plus the hour.
    func alarm(for kind: ObligationKind) -> String {
        let days = settings.reminderPlan(for: kind).daysBefore.filter { $0 > 0 }.max() ?? 0
        let hours = days * 24 - settings.sendHour
        return hours > 0 ? "-PT\(hours)H" : "PT\(-hours)H"
    }

    private static func date(_ day: CivilDate) -> String {
        day.description.replacingOccurrences(of: "-", with: "")
    }

    /// `20261205T071200Z`.
    private static func utc(_ instant: Date) -> String {
        instant.ISO8601Format().filter { $0 != "-" && $0 != ":" }
    }
}
