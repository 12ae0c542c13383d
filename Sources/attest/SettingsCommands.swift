import ArgumentParser
import Compliance
import Foundation
import Storage

extension ProgramRepository.PolicyKind: ExpressibleByArgument {}
extension CalendarRepository.SharedDayKind: ExpressibleByArgument {}

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Replace a tenant's compliance settings (JSON, see docs/compliance-rules.md) and recompute its obligations."
    )
    @Argument(help: "A JSON file of settings; absent keys keep their defaults.") var file: String
    @OptionGroup var options: TenantOptions

    func run() async throws {
        guard let json = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let day = today()
        try await RecordCommandRunner(options: options).run("settings of \(options.tenant)") { context, connection, logger in
            try await CalendarRepository().replaceSettings(json: json, context: context, today: day, connection: connection, logger: logger)
        }
    }
}

struct ClosureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closure",
        abstract: "Add or remove a day the tenant does not operate, and recompute its obligations."
    )
    @Argument(help: "The day (YYYY-MM-DD).", transform: civilDate) var day: CivilDate
    @Option(help: "Why the business is closed.") var note = ""
    @Flag(help: "Remove the closure instead.") var remove = false
    @OptionGroup var options: TenantOptions

    func run() async throws {
        let (closed, why, removing, now) = (day, note, remove, today())
        try await RecordCommandRunner(options: options).run("closure \(day)") { context, connection, logger in
            try await CalendarRepository().setClosure(closed, note: why, remove: removing, context: context, today: now,
                                                     connection: connection, logger: logger)
        }
    }
}

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Record the review of a policy (anti-discrimination, hiring, self-reporting, tip protocol).",
        subcommands: [Review.self]
    )

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A policy was reviewed (its next review falls due a year later).")
        @Argument(help: "An id for the policy.") var policyID: String
        @Option(help: "anti_discrimination, hiring, self_reporting or tip_protocol.") var kind: ProgramRepository.PolicyKind
        @Option(help: "The policy's title.") var title: String
        @Option(help: "Date reviewed.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (id, what, name, day) = (policyID, kind, title, on)
            try await RecordCommandRunner(options: options).run("policy \(policyID)") { context, connection, logger in
                try await ProgramRepository().reviewPolicy(id: id, kind: what, title: name, on: day, context: context,
                                                           connection: connection, logger: logger)
            }
        }
    }
}

struct CurriculumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curriculum",
        abstract: "Record a new version of the hiring-process training program (updated every year).",
        subcommands: [Publish.self]
    )

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A new curriculum version was published.")
        @Argument(help: "The version name, e.g. 2026.1.") var version: String
        @Option(help: "Date published.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (name, day) = (version, on)
            try await RecordCommandRunner(options: options).run("curriculum \(version)") { context, connection, logger in
                try await ProgramRepository().publishCurriculum(version: name, on: day, context: context, connection: connection, logger: logger)
            }
        }
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The annual report to ICE: write it, and record its submission.",
        subcommands: [Annual.self, Submit.self]
    )

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The annual report of a year was submitted to ICE.")
        @Option(help: "The year reported on.") var year: Int
        @Option(help: "Date submitted.", transform: civilDate) var on: CivilDate
        @Option(help: "A reference for the submission.") var reference = ""
        @OptionGroup var options: TenantOptions

        func validate() throws {
            guard RecordRules.recordYears.contains(year) else { throw ValidationError("--year must be from 1971 to \(RecordRules.recordYears.upperBound)") }
        }

        func run() async throws {
            let (reported, day, ref) = (year, on, reference)
            try await RecordCommandRunner(options: options).run("report \(year)") { context, connection, logger in
                try await AnnualRepository().submitReport(year: reported, on: day, reference: ref, context: context,
                                                          connection: connection, logger: logger)
            }
        }
    }
}
