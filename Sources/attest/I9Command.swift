import ArgumentParser
import Compliance
import Storage

struct I9Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "i9",
        abstract: "Record the Form I-9 work: Section 1, Section 2, the secondary review, receipts.",
        subcommands: [CompleteSection1.self, CompleteSection2.self, Review.self, ReceiveDocument.self]
    )

    struct CompleteSection1: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "complete-section1", abstract: "Section 1 was completed by the employee.")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date completed.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.section1(on: on).record(hire: employeeID, options: options)
        }
    }

    struct CompleteSection2: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "complete-section2", abstract: "Section 2 was completed by a trained preparer.")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date completed.", transform: civilDate) var on: CivilDate
        @Option(help: "Person id of the preparer (must hold a current training).") var preparer: String
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.section2(on: on, preparer: preparer).record(hire: employeeID, options: options)
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The secondary review of the verification was made.")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date reviewed.", transform: civilDate) var on: CivilDate
        @Option(help: "Person id of the reviewer (trained, not the preparer).") var reviewer: String
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.review(on: on, reviewer: reviewer).record(hire: employeeID, options: options)
        }
    }

    struct ReceiveDocument: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive-document", abstract: "The document a receipt stood for was presented.")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date presented.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.documentReceived(on: on).record(hire: employeeID, options: options)
        }
    }
}
