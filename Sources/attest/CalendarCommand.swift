import ArgumentParser
import Compliance
import Foundation

/// `attest calendar …`: questions about the calendars the deadlines are counted on.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The calendars deadlines are counted on: holidays, federal closures, E-Verify outages.",
        subcommands: [Holidays.self, SharedDayCommand.self, Feed.self]
    )

    /// `attest calendar holidays --year YEAR | --from YEAR --to YEAR [--json]`.
    struct Holidays: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List US federal holidays with their legal and observed dates (1971–2200).",
            discussion: "JSON output: an array of objects with the keys year, holiday, name, legal_date, observed_date."
        )

        @Option(help: "One year.") var year: Int?
        @Option(help: "First year of a range (with --to).") var from: Int?
        @Option(help: "Last year of a range (with --from).") var to: Int?
        @Flag(help: "Print JSON instead of a table.") var json = false

        func validate() throws {
            let years = try self.years()
            let supported = CivilDate.supportedYears
            for bound in [years.lowerBound, years.upperBound] where !supported.contains(bound) {
                throw ValidationError("year \(bound) is outside the supported years \(supported.lowerBound)–\(supported.upperBound)")
            }
        }

        func run() throws {
            var rows: [Row] = []
            for year in try years() {
                rows += try FederalHolidays.occurrences(in: year).map { Row(year: year, occurrence: $0) }
            }
            print(json ? try Row.json(rows) : rows.map(\.line).joined(separator: "\n"))
        }

        private func years() throws -> ClosedRange<Int> {
            switch (year, from, to) {
            case (let year?, nil, nil): return year...year
            case (nil, let from?, let to?):
                guard from <= to else { throw ValidationError("--from \(from) is after --to \(to)") }
                return from...to
            default: throw ValidationError("give either --year YEAR, or --from YEAR and --to YEAR")
            }
        }
    }
}

extension CalendarCommand.Holidays {
    /// One output row; its coding keys are the JSON keys.
    struct Row: Encodable {
        let year: Int
        let holiday: String
        let name: String
        let legalDate: CivilDate
        let observedDate: CivilDate

        enum CodingKeys: String, CodingKey {
            case year, holiday, name
            case legalDate = "legal_date"
            case observedDate = "observed_date"
        }

        init(year: Int, occurrence: HolidayOccurrence) {
            self.year = year
            holiday = occurrence.holiday.rawValue
            name = occurrence.holiday.name
            legalDate = occurrence.legalDate
            observedDate = occurrence.observedDate
        }

        var line: String {
            let padded = name.padding(toLength: 38, withPad: " ", startingAt: 0)
            return "\(year)  \(padded)  legal \(legalDate) \(legalDate.weekday.abbreviation)"
                + "  observed \(observedDate) \(observedDate.weekday.abbreviation)"
        }

        static func json(_ rows: [Row]) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(rows), as: UTF8.self)
        }
    }
}
