import ArgumentParser
import Compliance
import Storage

struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Record the people who run the I-9 process, audit it, or receive reminders.",
        subcommands: [Add.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or update a person (by person id).")
        @Argument(help: "The person's id (e.g. the HR system's).") var personID: String
        @Option(help: "Full name.") var name: String
        @Option(help: "E-mail address for reminders.") var email: String?
        @Option(help: "A role: i9_preparer, i9_reviewer, everify_user, auditor, contact, hr, operator (repeatable).") var role: [PersonRecord.Role] = []
        @OptionGroup var options: TenantOptions

        func validate() throws {
            if let email { _ = try TenantValidation.email(email) }
        }

        func run() async throws {
            let person = PersonRecord(externalID: personID, name: name, email: email, roles: role)
            try await RecordCommandRunner(options: options).run("person \(personID)") { context, connection, logger in
                _ = try await PeopleRepository().save([person], context: context, connection: connection, logger: logger)
                return ReconcileReport()
            }
        }
    }
}

struct TrainingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "Record completed hiring-process trainings (each valid 12 months).",
        subcommands: [Complete.self]
    )

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A person completed the training program.")
        @Option(help: "The person's id.") var person: String
        @Option(help: "Date completed.", transform: civilDate) var on: CivilDate
        @Option(help: "Curriculum version taken.") var curriculum: String?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let training = TrainingRecord(personID: person, completedOn: on, curriculum: curriculum)
            try await RecordCommandRunner(options: options).run("person \(person)") { context, connection, logger in
                try await PeopleRepository().saveTrainings([training], context: context, connection: connection, logger: logger)
            }
        }
    }
}

struct NoMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nomatch",
        abstract: "Record no-match letters and their documented resolution.",
        subcommands: [Receive.self, Resolve.self]
    )

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A no-match letter was received.")
        @Argument(help: "An id for the letter.") var letterID: String
        @Option(help: "Date received.", transform: civilDate) var on: CivilDate
        @Option(help: "Employee id of the hire it concerns.") var employee: String?
        @Option(help: "Who sent it: ssa, ssnvs, everify, other.") var source = "ssa"
        @OptionGroup var options: TenantOptions

        func run() async throws {
            var letter = NoMatchLetterRecord(letterID: letterID, receivedOn: on)
            letter.hireID = employee
            letter.source = source
            let received = letter
            try await RecordCommandRunner(options: options).run("letter \(letterID)") { context, connection, logger in
                try await NoMatchRepository().save([received], context: context, connection: connection, logger: logger)
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A letter was definitively resolved.")
        @Argument(help: "The letter's id.") var letterID: String
        @Option(help: "Date resolved.", transform: civilDate) var on: CivilDate
        @Option(help: "What was done to resolve it.") var resolution: String
        @Option(help: "Where the evidence is kept.") var evidence: String
        @Option(help: "Steps taken, for the record.") var steps: String?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (id, day, what, proof, taken) = (letterID, on, resolution, evidence, steps)
            try await RecordCommandRunner(options: options).run("letter \(letterID)") { context, connection, logger in
                try await NoMatchRepository().resolve(id, on: day, resolution: what, evidence: proof, steps: taken,
                                                      context: context, connection: connection, logger: logger)
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Schedule and complete the annual I-9 audit.",
        subcommands: [Schedule.self, Complete.self]
    )

    struct Schedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Schedule the audit of a year.")
        @Option(help: "The year audited.") var year: Int
        @Option(help: "First day of the audited period.", transform: civilDate) var from: CivilDate
        @Option(help: "Last day of the audited period.", transform: civilDate) var to: CivilDate
        @Option(help: "External auditing firm.") var firm: String?
        @Option(help: "Person id of an internal auditor (trained, not otherwise involved).") var auditor: String?
        @Option(help: "Date scheduled (default today).", transform: civilDate) var on: CivilDate?
        @OptionGroup var options: TenantOptions

        func validate() throws {
            guard (firm == nil) != (auditor == nil) else { throw ValidationError("give either --firm or --auditor") }
            guard from <= to else { throw ValidationError("--from must not be after --to") }
        }

        func run() async throws {
            let who: AnnualRepository.Auditor = firm.map { .externalFirm($0) } ?? .internalPerson(auditor ?? "")
            let (audited, period, day) = (year, from...to, on ?? today())
            try await RecordCommandRunner(options: options).run("audit \(year)") { context, connection, logger in
                try await AnnualRepository().scheduleAudit(year: audited, period: period, auditor: who, on: day,
                                                           context: context, connection: connection, logger: logger)
                return ReconcileReport()
            }
        }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The audit of a year was completed.")
        @Option(help: "The year audited.") var year: Int
        @Option(help: "Date completed.", transform: civilDate) var on: CivilDate
        @Option(help: "Summary of the findings.") var findings: String
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (audited, day, found) = (year, on, findings)
            try await RecordCommandRunner(options: options).run("audit \(year)") { context, connection, logger in
                try await AnnualRepository().completeAudit(year: audited, on: day, findings: found,
                                                           context: context, connection: connection, logger: logger)
            }
        }
    }
}
