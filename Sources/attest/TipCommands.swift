import ArgumentParser
import Compliance
import Daemon
import Storage

extension TipRecord.Channel: ExpressibleByArgument {}
extension SelfReportRecord.Source: ExpressibleByArgument {}

struct TipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tip",
        abstract: "Record employee tips and each step of the protocol answering them.",
        subcommands: [Record.self, List.self, Show.self, Acknowledge.self, Investigate.self, Respond.self, Close.self, Key.self]
    )

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A tip was received (by phone, mail, in person …).")
        @Argument(help: "An id for the tip.") var tipID: String
        @Option(help: "Date received.", transform: civilDate) var on: CivilDate
        @Option(help: "web, phone, email, mail, in_person or other.") var channel: TipRecord.Channel
        @Flag(help: "The reporter left a contact (default: anonymous).") var withContact = false
        @Option(help: ArgumentHelp(
            "A UTF-8 file with what the tip says, or - for standard input; sealed with the tenant's public tip key.",
            valueName: "file")) var textFile: String?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            var tip = TipRecord(tipID: tipID, receivedOn: on, channel: channel)
            tip.anonymous = !withContact
            let received = tip
            guard let textFile else {
                return try await RecordCommandRunner(options: options).run("tip \(tipID)") { context, connection, logger in
                    try await EventRecordsRepository().saveTip(received, context: context, connection: connection, logger: logger)
                }
            }
            let context = try await CommandContext.load()
            let text = try await CommandContext.reporting { try TipTextInput.read(textFile) }
            try await RecordCommandRunner(options: options, context: context).run("tip \(tipID)") { context, connection, logger in
                try await EventRecordsRepository().recordTip(received, text: text, context: context, connection: connection, logger: logger)
            }
        }
    }

    struct Acknowledge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tip was acknowledged.")
        @Argument(help: "The tip's id.") var tipID: String
        @Option(help: "Date acknowledged.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await TipCommand.record(.acknowledge(on: on), tip: tipID, options)
        }
    }

    struct Investigate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tip is being investigated (the reporter sees this status).")
        @Argument(help: "The tip's id.") var tipID: String
        @Option(help: "Date the investigation started (acknowledges the tip if it was not yet).", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await TipCommand.record(.investigate(on: on), tip: tipID, options)
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tip was answered according to the protocol.")
        @Argument(help: "The tip's id.") var tipID: String
        @Option(help: "Date answered.", transform: civilDate) var on: CivilDate
        @Option(help: "The protocol steps taken, for the record.") var steps: String
        @Option(help: "The answer the reporter reads with the receipt code (web tips); keeps the previous one when omitted.") var answer: String?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await TipCommand.record(.respond(on: on, steps: steps, answer: answer), tip: tipID, options)
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The tip was closed.")
        @Argument(help: "The tip's id.") var tipID: String
        @Option(help: "Date closed.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await TipCommand.record(.close(on: on), tip: tipID, options)
        }
    }

    /// Records one protocol step through the same code as the API.
    static func record(_ change: TipChange, tip id: String, _ options: TenantOptions) async throws {
        try await RecordCommandRunner(options: options).run("tip \(id)") { context, connection, logger in
            try await EventRecordsRepository().record(change, tip: id, context: context, connection: connection, logger: logger)
        }
    }
}

struct SelfReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selfreport",
        abstract: "The self-reporting procedure: record a violation, its correction and its report to ICE.",
        subcommands: [Record.self, Correct.self, Report.self]
    )

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A violation or deficiency was discovered.")
        @Argument(help: "An id for the report.") var reportID: String
        @Option(help: "Date discovered.", transform: civilDate) var on: CivilDate
        @Option(help: "audit, tip, nomatch, everify or other.") var source: SelfReportRecord.Source
        @Option(help: "Id of the audit, tip or letter it came from.") var sourceRef: String?
        @Option(help: "What was found.") var description: String
        @Option(help: "Date by which it must be corrected (default: setting selfReportCorrectDays).", transform: civilDate) var followUp: CivilDate?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            var report = SelfReportRecord(reportID: reportID, discoveredOn: on, source: source, description: description)
            report.sourceReference = sourceRef
            report.followUpOn = followUp
            let recorded = report
            try await RecordCommandRunner(options: options).run("self-report \(reportID)") { context, connection, logger in
                try await EventRecordsRepository().saveSelfReport(recorded, context: context, connection: connection, logger: logger)
            }
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The violation was corrected.")
        @Argument(help: "The report's id.") var reportID: String
        @Option(help: "Date corrected.", transform: civilDate) var on: CivilDate
        @Option(help: "The corrective action taken.") var action: String
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await SelfReportCommand.record(.correct(on: on, action: action), report: reportID, options)
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The violation was reported to ICE.")
        @Argument(help: "The report's id.") var reportID: String
        @Option(help: "Date reported.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await SelfReportCommand.record(.report(on: on), report: reportID, options)
        }
    }

    /// Records one step of the procedure through the same code as the API.
    static func record(_ change: SelfReportChange, report id: String, _ options: TenantOptions) async throws {
        try await RecordCommandRunner(options: options).run("self-report \(id)") { context, connection, logger in
            try await EventRecordsRepository().record(change, selfReport: id, context: context, connection: connection, logger: logger)
        }
    }
}

struct NetworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "The companies of the hiring network and the IMAGE guidelines sent to them.",
        subcommands: [Add.self, Communicated.self, SendGuidelines.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or update a company of the hiring network.")
        @Argument(help: "An id for the company.") var companyID: String
        @Option(help: "The company's name.") var name: String
        @Option(help: "Contact person.") var contactName: String?
        @Option(help: "Contact e-mail address.") var contactEmail: String?
        @Option(help: "Date it joined the network.", transform: civilDate) var joined: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let company = NetworkCompanyRecord(companyID: companyID, name: name, contactName: contactName,
                                               contactEmail: contactEmail, joinedOn: joined)
            try await RecordCommandRunner(options: options).run("company \(companyID)") { context, connection, logger in
                try await NetworkRepository().saveCompany(company, context: context, connection: connection, logger: logger)
            }
        }
    }

    struct Communicated: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The IMAGE guidelines were sent to a company (by other means than Attest).")
        @Argument(help: "The company's id.") var companyID: String
        @Option(help: "Date sent.", transform: civilDate) var on: CivilDate
        @Option(help: "How: email, mail, meeting …") var channel = "email"
        @Option(help: "A reference to what was sent.") var reference = ""
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (id, day, how, ref) = (companyID, on, channel, reference)
            try await RecordCommandRunner(options: options).run("company \(companyID)") { context, connection, logger in
                try await NetworkRepository().recordCommunication(company: id, on: day, channel: how, reference: ref,
                                                                  context: context, connection: connection, logger: logger)
            }
        }
    }
}
