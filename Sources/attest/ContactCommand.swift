import ArgumentParser
import Storage

extension TenantContact.Role: ExpressibleByArgument {}

/// `attest contact add | remove`: a tenant's contacts after `attest tenant add`.
struct ContactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact",
        abstract: "Add or remove a tenant's contacts (who receives its reminders, its operator, its escalations).",
        subcommands: [Add.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a contact; its reminders are re-planned.")
        @Argument(help: "\"Name <address>\" or a bare address.") var contact: String
        @Option(help: "compliance (receives the reminders), operator or escalation.") var role: TenantContact.Role = .compliance
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let parsed: TenantContact
            do {
                parsed = try TenantValidation.contact(contact, role: role)
            } catch {
                throw ValidationError("contact: \(error.message)")
            }
            try await RecordCommandRunner(options: options).run("contact \(parsed.email)") { context, connection, logger in
                try await TenantRepository.addContact(parsed, context: context, connection: connection, logger: logger)
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a contact (the last compliance contact stays).")
        @Argument(help: "The contact's e-mail address.") var email: String
        @Option(help: "compliance, operator or escalation.") var role: TenantContact.Role = .compliance
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let (address, kind) = (email, role)
            try await RecordCommandRunner(options: options).run("contact \(email)") { context, connection, logger in
                try await TenantRepository.removeContact(email: address, role: kind, context: context, connection: connection, logger: logger)
            }
        }
    }
}
