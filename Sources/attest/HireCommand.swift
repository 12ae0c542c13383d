import ArgumentParser
import Compliance
import PostgresNIO
import Storage

struct HireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hire",
        abstract: "Record hires: the facts their I-9 and E-Verify deadlines follow from.",
        subcommands: [Add.self, Terminate.self, Rehire.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or update a hire (by employee id).")
        @Argument(help: "The HR system's employee id.") var employeeID: String
        @Option(help: "First day of work for pay (YYYY-MM-DD).", transform: civilDate) var start: CivilDate
        @Option(help: "Length of the job in business days, if short.") var jobDays: Int?
        @Option(help: "citizen, national, permanent_resident or alien_authorized.") var citizenship: CitizenshipStatus?
        @Option(help: "Work authorization expiry from Section 1.", transform: civilDate) var workAuthorizationExpires: CivilDate?
        @OptionGroup(title: "Form I-9 documents") var documents: DocumentOptions
        @Option(help: "The day the job offer was accepted (no E-Verify case before it).", transform: civilDate) var offerAcceptedOn: CivilDate?
        @Option(help: "Why this hire has no E-Verify case: \(NoCaseReason.allCases.map(\.rawValue).joined(separator: ", ")).")
        var noEverifyReason: NoCaseReason?
        @Flag(help: "The documents were examined remotely (DHS alternative procedure; needs eVerifyGoodStanding).") var remoteExamination = false
        @Option(help: "The site (location id) the hire works at.") var site: String?
        @Option(help: "The person (id) assigned to prepare this hire's Form I-9: Section 2, receipt and reverification reminders go to them.")
        var preparer: String?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let record = try hire()
            try await RecordCommandRunner(options: options).run("hire \(employeeID)") { context, connection, logger in
                try await HireRepository().saveFacts(record, context: context, connection: connection, logger: logger)
            }
        }

        private func hire() throws -> HireRecord {
            var hire = HireRecord(externalID: employeeID, startDate: start)
            hire.jobBusinessDays = jobDays
            hire.citizenship = citizenship
            hire.workAuthorizationExpires = workAuthorizationExpires
            (hire.documents, hire.receipt) = try documents.resolve()
            hire.eVerifyRequired = noEverifyReason == nil
            hire.noCaseReason = noEverifyReason
            hire.offerAcceptedOn = offerAcceptedOn
            hire.remoteExamination = remoteExamination
            hire.site = site
            hire.preparerID = preparer
            return hire
        }
    }

    struct Terminate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the end of a hire's employment (starts the retention clock).")
        @Argument(help: "The employee id.") var employeeID: String
        @Option(help: "Last day of employment.", transform: civilDate) var on: CivilDate
        @Option(help: "Why employment ended; required while a TNC is pending (a reason unrelated to the TNC).") var reason: String?
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.terminate(on: on, reason: reason).record(hire: employeeID, options: options)
        }
    }
}

extension HireCommand {
    struct Rehire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a rehire on Supplement B of the hire's Form I-9 (within three years of it).",
            discussion: """
                No new Section 1, Section 2 or E-Verify case is due; an authorization that expired is reverified on the \
                rehire day. A rehire after three years, or on a new Form I-9, is a new hire: add it with `attest hire add`.
                """)
        @Argument(help: "The employee id of the original hire.") var employeeID: String
        @Option(help: "The first day of work for pay after the rehire.", transform: civilDate) var on: CivilDate
        @OptionGroup var options: TenantOptions

        func run() async throws {
            try await HireChange.rehire(on: on).record(hire: employeeID, options: options)
        }
    }
}

extension HireChange {
    /// Records the change on the hire for a record command and prints what changed.
    func record(hire id: String, options: TenantOptions) async throws {
        try await RecordCommandRunner(options: options).run("hire \(id)") { context, connection, logger in
            try await HireRepository().record(self, hire: id, context: context, connection: connection, logger: logger)
        }
    }
}

extension CitizenshipStatus: ExpressibleByArgument {}
extension DocumentList: ExpressibleByArgument {}
extension NoCaseReason: ExpressibleByArgument {}
extension EVerifyCaseRecord.LateReason: ExpressibleByArgument {}
extension PersonRecord.Role: ExpressibleByArgument {}
