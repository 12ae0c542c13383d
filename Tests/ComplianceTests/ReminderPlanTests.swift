import Foundation
import Testing
@testable import Compliance

@Suite struct ReminderPlanTests {
    let newYork = try? LocalSendTime(timeZone: "America/New_York", hour: 8)
    let obligation = Obligation(kind: .auditAnnual, subject: Subject(.tenant, "tenant"), dueDate: day("2026-09-30"), cycle: .year(2026))

    @Test func annualPlanStartsNinetyDaysAhead() throws {
        let sendTime = try #require(newYork)
        let reminders = ReminderPlan.defaultPlan(for: .auditAnnual).reminders(for: obligation, createdAt: nil, sendTime: sendTime)
        let before = reminders.compactMap { if case .before(let days) = $0.stage { days } else { nil } }
        #expect(before == [90, 60, 30, 14, 7, 1])
        #expect(reminders.contains { $0.stage == .due && $0.sendDate == day("2026-09-30") })
        #expect(reminders.first?.sendDate == day("2026-07-02"))
        #expect(reminders.map(\.sendAt) == reminders.map(\.sendAt).sorted())
    }

    @Test func shortPlanRemindsOnCreationTheDayBeforeAndTheDueDay() throws {
        let sendTime = try #require(newYork)
        let section2 = Obligation(kind: .i9Section2, subject: Subject(.hire, "42"), dueDate: day("2026-03-05"))
        let created = sendTime.instant(on: day("2026-03-02")).addingTimeInterval(3_600)
        let reminders = ReminderPlan.defaultPlan(for: .i9Section2).reminders(for: section2, createdAt: created, sendTime: sendTime)
        #expect(Array(reminders.map(\.stage).prefix(3)) == [.created, .before(days: 1), .due])
        #expect(reminders[0].sendAt == created)
        #expect(reminders[0].key == "i9_section2:hire/42:once@2026-03-05#created")
        #expect(reminders.filter { if case .overdue = $0.stage { true } else { false } }.count == 10)
    }

    @Test func stagesBeforeCreationAreDropped() throws {
        let sendTime = try #require(newYork)
        let created = sendTime.instant(on: day("2026-09-20"))
        let reminders = ReminderPlan.annual.reminders(for: obligation, createdAt: created, sendTime: sendTime)
        #expect(reminders.first?.stage == .before(days: 7))
    }

    @Test func theLadderAddsTheContactsWhenOverdueAndTheOperatorsFromTheThirdOverdueStage() throws {
        let sendTime = try #require(newYork)
        for plan in [ReminderPlan.short, .annual, .window] {
            let reminders = plan.reminders(for: obligation, createdAt: nil, sendTime: sendTime)
            let overdue = reminders.filter { if case .overdue = $0.stage { true } else { false } }
            #expect(reminders.filter { ($0.stage.offsetDays ?? -1) <= 0 }.allSatisfy { $0.recipients == [.assignee] },
                    "before and on the due day, only the people responsible")
            #expect(overdue.count >= 3)
            #expect(overdue.prefix(2).allSatisfy { $0.recipients == [.assignee, .contact] }, "\(plan)")
            #expect(overdue.dropFirst(2).allSatisfy { $0.recipients == [.assignee, .contact, .agencyOperator] }, "\(plan)")
        }
    }

    @Test func aTenantMovesTheLadderAndAPlanMayEscalateEarlier() throws {
        let sendTime = try #require(newYork)
        let ladder = EscalationLadder(contactsFromOverdueStage: 0, operatorsFromOverdueStage: 5)
        let reminders = ReminderPlan.short.reminders(for: obligation, createdAt: nil, sendTime: sendTime, ladder: ladder)
        #expect(reminders.first { $0.stage == .before(days: 1) }?.recipients == [.assignee, .contact], "contacts on every stage")
        #expect(reminders.first { $0.stage == .overdue(days: 4) }?.recipients == [.assignee, .contact])
        #expect(reminders.first { $0.stage == .overdue(days: 5) }?.recipients == [.assignee, .contact, .agencyOperator])
        var early = ReminderPlan.short
        early.escalateAfterDays = 2
        let escalated = early.reminders(for: obligation, createdAt: nil, sendTime: sendTime)
        #expect(escalated.first { $0.stage == .overdue(days: 1) }?.recipients == [.assignee, .contact])
        #expect(escalated.first { $0.stage == .overdue(days: 2) }?.recipients == [.assignee, .contact, .agencyOperator])
    }

    @Test func theLadderSettingIsValidatedAndUnknownKeysRefused() throws {
        let settings = try ComplianceSettings.decode(json: Data(#"{"escalation": {"operatorsFromOverdueStage": 2}}"#.utf8))
        #expect(settings.escalation == EscalationLadder(contactsFromOverdueStage: 1, operatorsFromOverdueStage: 2))
        #expect(throws: SettingsError.outOfRange("escalation.contactsFromOverdueStage", value: 101, allowed: 0...100)) {
            try ComplianceSettings.decode(json: Data(#"{"escalation": {"contactsFromOverdueStage": 101}}"#.utf8))
        }
        #expect(throws: SettingsError.unknownSetting("escalation.operatorsFrom")) {
            try ComplianceSettings.decode(json: Data(#"{"escalation": {"operatorsFrom": 2}}"#.utf8))
        }
    }

    @Test func keysAreStablePerObligationDueDateAndStage() throws {
        let sendTime = try #require(newYork)
        let first = ReminderPlan.annual.reminders(for: obligation, createdAt: nil, sendTime: sendTime).map(\.key)
        #expect(first == ReminderPlan.annual.reminders(for: obligation, createdAt: nil, sendTime: sendTime).map(\.key))
        #expect(Set(first).count == first.count)
        let moved = Obligation(kind: obligation.kind, subject: obligation.subject, dueDate: day("2026-10-01"), cycle: obligation.cycle)
        let second = ReminderPlan.annual.reminders(for: moved, createdAt: nil, sendTime: sendTime).map(\.key)
        #expect(Set(first).isDisjoint(with: second))
    }

    @Test func tenantOverridesReplaceTheDefault() {
        var settings = ComplianceSettings()
        settings.reminderPlans[.auditAnnual] = ReminderPlan(daysBefore: [45])
        #expect(settings.reminderPlan(for: .auditAnnual).stages() == [.before(days: 45), .due])
        #expect(settings.reminderPlan(for: .reportAnnual) == .annual)
    }

    @Test func badZoneOrHourIsATypedError() {
        #expect(throws: SettingsError.self) { try LocalSendTime(timeZone: "Mars/Olympus", hour: 8) }
        #expect(throws: SettingsError.outOfRange("sendHour", value: -1, allowed: 0...23)) {
            try LocalSendTime(timeZone: "UTC", hour: -1)
        }
    }
}

@Suite struct RulesReminderTests {
    @Test func rulesUseTheTenantZoneHourAndPlan() throws {
        var settings = ComplianceSettings()
        settings.timeZone = "America/Los_Angeles"
        settings.sendHour = 9
        settings.reminderPlans[.i9Section2] = ReminderPlan(daysBefore: [2], onDueDay: true)
        let section2 = Obligation(kind: .i9Section2, subject: Subject(.hire, "42"), dueDate: day("2026-03-05"))
        let reminders = try makeRules(settings).reminders(for: section2, createdAt: nil)
        #expect(reminders.map(\.stage) == [.before(days: 2), .due])
        // 09:00 PST on 2026-03-03 is 17:00 UTC.
        #expect(reminders.first?.sendAt == Date(timeIntervalSince1970: Double(Int(day("2026-03-03").dayNumber) * 86_400 + 17 * 3_600)))
    }
}
