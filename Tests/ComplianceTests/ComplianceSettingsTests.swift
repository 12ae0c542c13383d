import Foundation
import Testing
@testable import Compliance

@Suite struct ComplianceSettingsTests {
    @Test func defaultsAreValid() throws {
        let settings = ComplianceSettings()
        try settings.validate()
        #expect(settings.secondaryReviewBusinessDays == 2)
        #expect(settings.noMatchAcknowledgeDays == 30)
        #expect(settings.noMatchResolveDays == 90)
        #expect(!settings.countStartDay)
        #expect(settings.reminderPlan(for: .auditAnnual) == .annual)
    }

    @Test func outOfRangeValuesNameTheSetting() {
        var settings = ComplianceSettings()
        settings.secondaryReviewBusinessDays = -1
        #expect(throws: SettingsError.outOfRange("secondaryReviewBusinessDays", value: -1, allowed: 0...30)) {
            try settings.validate()
        }
        settings = ComplianceSettings()
        settings.sendHour = 24
        #expect(throws: SettingsError.outOfRange("sendHour", value: 24, allowed: 0...23)) { try settings.validate() }
    }

    @Test func badCalendarSettingsAreTypedErrors() {
        var settings = ComplianceSettings()
        settings.operatingWeekdays = []
        #expect(throws: SettingsError.self) { try settings.validate() }
        settings = ComplianceSettings()
        settings.timeZone = "Eastern Time"
        do {
            try settings.validate()
            Issue.record("an unknown zone must be rejected")
        } catch {
            #expect(error.setting == "timeZone")
        }
    }

    @Test func resolveWindowShorterThanAcknowledgeIsRejected() {
        var settings = ComplianceSettings()
        settings.noMatchResolveDays = 20
        #expect(throws: SettingsError.self) { try settings.validate() }
    }

    @Test func tipInvestigateWindowIsCheckedAndOrdered() {
        var settings = ComplianceSettings()
        #expect(settings.tipInvestigateBusinessDays == 5)
        settings.tipInvestigateBusinessDays = 121
        #expect(throws: SettingsError.outOfRange("tipInvestigateBusinessDays", value: 121, allowed: 0...120)) { try settings.validate() }
        settings.tipInvestigateBusinessDays = 1
        #expect(throws: SettingsError.invalidValue("tipInvestigateBusinessDays", "must not be shorter than tipAcknowledgeBusinessDays (2)")) {
            try settings.validate()
        }
        settings.tipInvestigateBusinessDays = 11
        #expect(throws: SettingsError.invalidValue("tipRespondBusinessDays", "must not be shorter than tipInvestigateBusinessDays (11)")) {
            try settings.validate()
        }
    }

    @Test func tipInvestigateDefaultStaysWithinTheDocumentsWindows() throws {
        func investigate(_ json: String) throws -> Int { try ComplianceSettings.decode(json: Data(json.utf8)).tipInvestigateBusinessDays }
        #expect(try investigate("{}") == 5)
        #expect(try investigate(#"{"tipRespondBusinessDays": 3}"#) == 3)
        #expect(try investigate(#"{"tipAcknowledgeBusinessDays": 7, "tipRespondBusinessDays": 20}"#) == 7)
        #expect(try investigate(#"{"tipInvestigateBusinessDays": 8}"#) == 8)
        #expect(throws: SettingsError.invalidValue("tipRespondBusinessDays", "must not be shorter than tipInvestigateBusinessDays (12)")) {
            try ComplianceSettings.decode(json: Data(#"{"tipInvestigateBusinessDays": 12}"#.utf8))
        }
    }

    @Test func badReminderPlanOverrideNamesTheKind() {
        var settings = ComplianceSettings()
        settings.reminderPlans[.tipAcknowledge] = ReminderPlan(daysBefore: [0])
        #expect(throws: SettingsError.outOfRange("reminderPlans.tip_acknowledge.daysBefore", value: 0, allowed: 1...730)) {
            try settings.validate()
        }
    }

    @Test func decodesAPartialDocumentWithDefaults() throws {
        let json = #"{"countStartDay": true, "auditDate": "09-30", "imageAgreementDate": "2023-05-10", "operatingWeekdays": ["monday", "saturday"], "reminderPlans": {"audit_annual": {"onCreation": false, "daysBefore": [30], "onDueDay": true, "overdueEveryDays": 0, "overdueRepeats": 0}}}"#
        let settings = try ComplianceSettings.decode(json: Data(json.utf8))
        #expect(settings.countStartDay)
        #expect(settings.auditDate == (try MonthDay(month: 9, day: 30)))
        #expect(settings.operatingWeekdays == [.monday, .saturday])
        #expect(settings.reminderPlan(for: .auditAnnual).daysBefore == [30])
        #expect(settings.secondaryReviewBusinessDays == 2)
    }

    @Test func encodingRoundTrips() throws {
        var settings = ComplianceSettings()
        settings.imageAgreementDate = day("2024-02-29")
        settings.reminderPlans[.i9Section2] = .short
        let decoded = try ComplianceSettings.decode(json: try JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }

    @Test func unknownSettingIsATypedError() {
        #expect(throws: SettingsError.unknownSetting("countStartDays")) {
            try ComplianceSettings.decode(json: Data(#"{"countStartDays": true}"#.utf8))
        }
    }

    @Test func badValuesInADocumentNameTheSetting() {
        #expect(throws: SettingsError.outOfRange("tipRespondBusinessDays", value: 500, allowed: 0...120)) {
            try ComplianceSettings.decode(json: Data(#"{"tipRespondBusinessDays": 500}"#.utf8))
        }
        do {
            _ = try ComplianceSettings.decode(json: Data(#"{"imageAgreementDate": "2023-02-30"}"#.utf8))
            Issue.record("a nonexistent date must be rejected")
        } catch {
            #expect(error.setting == "imageAgreementDate")
        }
        do {
            _ = try ComplianceSettings.decode(json: Data(#"{"sendHour": "eight"}"#.utf8))
            Issue.record("a wrong type must be rejected")
        } catch {
            #expect(error.setting == "sendHour")
        }
    }
}
