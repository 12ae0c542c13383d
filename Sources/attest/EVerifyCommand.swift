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
            try await HireChange.openCase(eVerifyCase).record(hire: employeeID, options: options)
        }
    }

    struct TNC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tnc", abstract: "A tentative nonconfirmation was issued (starts the 10-day clock).")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date issued.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.tnc(on: on).record(hire: employeeID, options: options)
        }
    }

    struct Refer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The case was referred (starts the employee's 8-day clock).")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date referred.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.refer(on: on).record(hire: employeeID, options: options)
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The case was closed.")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date closed.", transform: civilDate) var on: CivilDate
        @Option(help: "The closure statement chosen in E-Verify.") var reason: String
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.closeCase(on: on, reason: reason).record(hire: employeeID, options: options)
        }
    }
}
