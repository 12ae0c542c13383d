import Foundation
import Testing
@testable import Compliance

/// The employer's business days skip the federal holidays it observes (setting
/// `employerHolidays`); federal working days, the TNC clocks', skip them all.
@Suite struct EmployerHolidaysTests {
    static func rules(_ holidays: EmployerHolidays) -> ComplianceRules {
        var settings = ComplianceSettings()
        settings.employerHolidays = holidays
        return makeRules(settings)
    }

    @Test(arguments: [
        (EmployerHolidays.federal, "2025-11-24", "2025-11-28"),       // closed on Thanksgiving (Thu 27)
        (EmployerHolidays.none, "2025-11-24", "2025-11-27"),          // open on Thanksgiving
        (EmployerHolidays.observed([.christmasDay]), "2025-11-24", "2025-11-27"),
        (EmployerHolidays.observed([.christmasDay]), "2025-12-22", "2025-12-26"),  // closed on Christmas (Thu 25)
        (EmployerHolidays.none, "2025-12-22", "2025-12-25"),
        (EmployerHolidays.observed([.newYearsDay]), "2021-12-29", "2022-01-04"),  // Fri Dec 31, 2021 observed
        (EmployerHolidays.observed([.christmasDay]), "2021-12-29", "2022-01-03"),
    ])
    func section2AndCaseCreationCountTheEmployersDays(holidays: EmployerHolidays, start: String, due: String) throws {
        let rules = Self.rules(holidays)
        #expect(try rules.section2DueDate(Hire(id: "h", startDate: day(start))) == day(due))
        #expect(try rules.eVerifyCaseCreationDueDate(start: day(start)) == day(due))
    }

    @Test func tncClocksCountFederalWorkingDaysWhateverTheEmployerObserves() throws {
        let federal = try Self.rules(.federal).tncEmployerActionDueDate(tncIssuedOn: day("2025-11-24"))
        let open = try Self.rules(.none).tncEmployerActionDueDate(tncIssuedOn: day("2025-11-24"))
        #expect(federal == open)
        #expect(federal == day("2025-12-09"), "10 federal working days after Mon 2025-11-24, Thanksgiving skipped")
    }

    @Test func aSettingsDocumentNamesTheHolidays() throws {
        func decode(_ json: String) throws(SettingsError) -> ComplianceSettings {
            try ComplianceSettings.decode(json: Data(json.utf8))
        }
        #expect(try decode("{}").employerHolidays == .federal)
        #expect(try decode(#"{"employerHolidays": "none"}"#).employerHolidays == EmployerHolidays.none)
        #expect(try decode(#"{"employerHolidays": ["christmas_day", "new_years_day"]}"#).employerHolidays == .observed([.christmasDay, .newYearsDay]))
        for (json, detail) in [(#"{"employerHolidays": "sometimes"}"#, "neither"), (#"{"employerHolidays": ["easter"]}"#, "not a federal holiday"),
                               (#"{"employerHolidays": ["labor_day", "labor_day"]}"#, "listed twice"), (#"{"employerHolidays": 3}"#, "expected")] {
            do {
                _ = try decode(json)
                Issue.record("\(json) was accepted")
            } catch {
                #expect(error.setting == "employerHolidays", "\(json): \(error)")
                #expect(error.description.contains(detail), "\(json): \(error)")
            }
        }
        var settings = ComplianceSettings()
        settings.employerHolidays = .observed([.laborDay, .newYearsDay])
        let encoded = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        #expect(encoded.contains(#""employerHolidays":["new_years_day","labor_day"]"#), "\(encoded)")
        #expect(try decode(encoded).employerHolidays == settings.employerHolidays)
    }
}
