import ArgumentParser
import Compliance
import Storage

struct I9Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "i9",
        abstract: "Record the Form I-9 work: Section 1, Section 2, the secondary review, receipts, reverification.",
        subcommands: [CompleteSection1.self, CompleteSection2.self, Review.self, ReceiveDocument.self, Reverify.self]
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

    struct Reverify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a reverification on Supplement B: the document the employee chose to present, or a receipt.",
            discussion: """
                Refused for hires the rules never reverify: U.S. citizens and nationals, permanent residents who \
                showed a Form I-551, and List B documents. The employee chooses which List A or List C document to \
                present; a receipt for a replacement gives 90 days from the expiry. While such a receipt is pending, \
                the document recorded is its replacement.
                """)
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Date of the reverification.", transform: civilDate) var on: CivilDate
        @Option(help: "The document presented (a List A or List C kind).") var document: DocumentKind?
        @Option(help: "Its expiry.", transform: civilDate) var expires: CivilDate?
        @Option(help: "For an EAD: the filing day of its renewal (automatic extension).", transform: civilDate) var eadRenewalFiledOn: CivilDate?
        @Option(help: "The end of an extension stated by a notice.", transform: civilDate) var extendedUntil: CivilDate?
        @Flag(help: "A receipt for a replacement document was shown instead.") var receipt = false
        @OptionGroup var options: TenantOptions

        func validate() throws {
            if eadRenewalFiledOn != nil, extendedUntil != nil { throw ValidationError("give --ead-renewal-filed-on or --extended-until, not both") }
            if document == nil, expires != nil || eadRenewalFiledOn != nil || extendedUntil != nil {
                throw ValidationError("--expires and the extensions describe --document: give it too")
            }
        }

        func run() async throws {
            let extensionOfValidity = DocumentExtension(renewalFiledOn: eadRenewalFiledOn, extendedUntil: extendedUntil)
            let presented = document.map { IdentityDocument(kind: $0, expires: expires, extension: extensionOfValidity) }
            try await HireChange.reverify(ReverificationEntry(on: on, document: presented, receipt: receipt))
                .record(hire: employeeID, options: options)
        }
    }
}
