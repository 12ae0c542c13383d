import ArgumentParser
import Compliance
import Foundation
import Storage

/// `attest deadlines --start DATE …`: every deadline the rules derive for a hire.
struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "Show every deadline the compliance rules derive for a hire.",
        discussion: """
            JSON output: an object with start_date, count_start_day and deadlines, an array of \
            objects with the keys kind, rule, source, subject, cycle, source_key, due_date, weekday.
            """
    )

    @Option(help: "First day of work for pay (YYYY-MM-DD).") var start: String
    @Option(help: "Expected job length in business days (under 3: Section 2 due on day 1).") var jobDays: Int?
    @Option(help: "Work authorization expiry from Section 1 (YYYY-MM-DD).") var workAuthorizationExpires: String?
    @Option(help: "Section 1 status: citizen, national, permanent_resident or alien_authorized.") var citizenship: String?
    @Option(help: "Termination date (YYYY-MM-DD).") var terminated: String?
    @OptionGroup(title: "Form I-9 documents") var documents: DocumentOptions
    @Flag(help: "Count the start day as business day 1 (conservative).") var countStartDay = false
    @Option(help: "A tenant settings JSON file (see docs/compliance-rules.md).") var settings: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        if let jobDays, jobDays < 1 { throw ValidationError("--job-days must be at least 1 (got \(jobDays))") }
        _ = try deadlines(settings: try tenantSettings())
    }

    func run() throws {
        let settings = try tenantSettings()
        let rows = try deadlines(settings: settings).map(Row.init)
        if json {
            print(try Output(startDate: try hire().startDate, countStartDay: settings.countStartDay, deadlines: rows).json())
        } else {
            print(rows.map(\.line).joined(separator: "\n"))
        }
    }

    /// The hire's deadlines; input the rules reject becomes a ValidationError.
    private func deadlines(settings: ComplianceSettings) throws -> [Obligation] {
        let hire = try hire()
        do {
            return try ComplianceRules(settings: settings).obligations(for: hire)
        } catch let error as RuleError {
            throw ValidationError(error.description)
        } catch let error as SettingsError {
            throw ValidationError(error.description)
        }
    }

    private func hire() throws -> Hire {
        var hire = Hire(id: "cli", startDate: try date(start, "--start"), jobBusinessDays: jobDays)
        hire.workAuthorizationExpires = try workAuthorizationExpires.map { try date($0, "--work-authorization-expires") }
        hire.terminationDate = try terminated.map { try date($0, "--terminated") }
        if let citizenship {
            guard let status = CitizenshipStatus(rawValue: citizenship) else {
                throw ValidationError("--citizenship must be one of \(CitizenshipStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            hire.citizenship = status
        }
        let (documents, receipt) = try documents.resolve()
        hire.documents = documents.all
        hire.receipt = receipt
        return hire
    }

    private func date(_ text: String, _ option: String) throws -> CivilDate {
        do {
            return try CivilDate(iso: text)
        } catch {
            throw ValidationError("\(option): \(error.description)")
        }
    }

    private func tenantSettings() throws -> ComplianceSettings {
        var result = ComplianceSettings()
        if let path = settings {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--settings: cannot read \(path)")
            }
            do {
                result = try ComplianceSettings.decode(json: data)
            } catch {
                throw ValidationError("--settings \(path): \(error.description)")
            }
        }
        if countStartDay { result.countStartDay = true }
        return result
    }
}

extension DeadlinesCommand {
    /// The JSON document; its coding keys are the JSON keys.
    struct Output: Encodable {
        let startDate: CivilDate
        let countStartDay: Bool
        let deadlines: [Row]

        enum CodingKeys: String, CodingKey {
            case startDate = "start_date"
            case countStartDay = "count_start_day"
            case deadlines
        }

        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }

    /// One deadline.
    struct Row: Encodable {
        let kind: String
        let rule: String
        let source: String
        let subject: String
        let cycle: String
        let sourceKey: String
        let dueDate: CivilDate
        let weekday: String

        enum CodingKeys: String, CodingKey {
            case kind, rule, source, subject, cycle, weekday
            case sourceKey = "source_key"
            case dueDate = "due_date"
        }

        init(_ obligation: Obligation) {
            kind = obligation.kind.rawValue
            rule = obligation.kind.ruleName
            source = obligation.kind.source
            subject = obligation.subject.key
            cycle = obligation.cycle.key
            sourceKey = obligation.sourceKey
            dueDate = obligation.dueDate
            weekday = obligation.dueDate.weekday.abbreviation
        }

        var line: String {
            let padded = kind.padding(toLength: 28, withPad: " ", startingAt: 0)
            return "\(dueDate) \(weekday)  \(padded)  \(rule)\n                \(String(repeating: " ", count: 28))  source: \(source)"
        }
    }
}
