import ArgumentParser
import Compliance
import Storage

struct EVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "everify",
        abstract: "Record a hire's E-Verify case: opened, TNC, referral, closure.",
        subcommands: [Open.self, TNC.self, Refer.self, Close.self]
    )

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A case was created for the hire.")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(name: .customLong("case"), help: "The E-Verify case number.") var caseNumber: String
        @Option(help: "Date created.", transform: civilDate) var on: CivilDate
        @Option(help: "Why it was created after the 3rd business day: everify_outage, ssn_awaited, other.") var lateReason: EVerifyCaseRecord.LateReason?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            var eVerifyCase = EVerifyCaseRecord(caseNumber: caseNumber, createdOn: on)
            eVerifyCase.lateReason = lateReason
            let (id, opened) = (employeeID, eVerifyCase)
            try await RecordCommandRunner(options: options).run("hire \(id)") { context, connection, logger in
                try await HireRepository().update(id, context: context, connection: connection, logger: logger) { $0.eVerifyCase = opened }
            }
        }
    }

    struct TNC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tnc", abstract: "A tentative nonconfirmation was issued (starts the 10-day clock).")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date issued.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (id, day) = (employeeID, on)
            try await RecordCommandRunner(options: options).run("hire \(id)") { context, connection, logger in
                try await HireRepository().update(id, context: context, connection: connection, logger: logger) { hire in
                    try EVerifyCommand.updateCase(&hire) { $0.tncIssuedOn = day; $0.status = .tnc }
                }
            }
        }
    }

    struct Refer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The case was referred (starts the employee's 8-day clock).")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date referred.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (id, day) = (employeeID, on)
            try await RecordCommandRunner(options: options).run("hire \(id)") { context, connection, logger in
                try await HireRepository().update(id, context: context, connection: connection, logger: logger) { hire in
                    try EVerifyCommand.updateCase(&hire) { $0.referredOn = day; $0.status = .referred }
                }
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The case was closed.")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date closed.", transform: civilDate) var on: CivilDate
        @Option(help: "The closure statement chosen in E-Verify.") var reason: String
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (id, day, why) = (employeeID, on, reason)
            try await RecordCommandRunner(options: options).run("hire \(id)") { context, connection, logger in
                try await HireRepository().update(id, context: context, connection: connection, logger: logger) { hire in
                    try EVerifyCommand.updateCase(&hire) { $0.closedOn = day; $0.closureReason = why; $0.status = .closed }
                }
            }
        }
    }

    static func updateCase(_ hire: inout HireRecord, _ change: (inout EVerifyCaseRecord) -> Void) throws {
        guard var eVerifyCase = hire.eVerifyCase else {
            throw RecordViolation(field: "case", "hire \(hire.externalID) has no E-Verify case (record it with `attest everify open`)")
        }
        change(&eVerifyCase)
        hire.eVerifyCase = eVerifyCase
    }
}
