import ArgumentParser
import Foundation
import Storage

struct TenantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenant",
        abstract: "Add, list, show, disable tenants and grant daemon roles (operator role).",
        subcommands: [Add.self, List.self, Show.self, Disable.self, Grant.self, Revoke.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tenant (a client company).")

        @Argument(help: "Short name: lower-case letters, digits, hyphens (e.g. acme-foods).")
        var slug: String
        @Option(help: "The company's legal name.")
        var name: String
        @Option(help: "IANA time zone, e.g. America/Chicago.")
        var timeZone: String
        @Option(help: "Date the IMAGE agreement was signed (YYYY-MM-DD).")
        var agreementDate: String?
        @Option(help: "Local hour (0-23) at which reminders are sent.")
        var sendHour = 8
        @Option(help: "Compliance contact, \"Name <address>\" (repeatable).")
        var contact: [String] = []
        @Option(help: "Agency operator responsible for the tenant, \"Name <address>\" (repeatable).")
        var operatorContact: [String] = []
        @Option(help: "Database login role allowed to run this tenant's daemon (repeatable).")
        var daemonRole: [String] = []
        @Flag(help: "Print the tenant as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let tenant = try await context.withDatabase { database in
                let contacts = try contact.map { try TenantValidation.contact($0, role: .compliance) }
                    + operatorContact.map { try TenantValidation.contact($0, role: .operatorContact) }
                let draft = try TenantDraft(
                    slug: slug, legalName: name, timeZone: timeZone, imageAgreementDate: agreementDate,
                    sendHour: sendHour, contacts: contacts, daemonRoles: daemonRole)
                return try await TenantRepository(database: database).add(draft)
            }
            try TenantPrinter.print(tenant, json: json, verb: "Added")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every tenant.")
        @Flag(help: "Print the tenants as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let tenants = try await context.withDatabase { try await TenantRepository(database: $0).list() }
            if json { return try JSONOutput.print(tenants) }
            TenantPrinter.table(tenants)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one tenant.")
        @Argument(help: "The tenant's slug.")
        var slug: String
        @Flag(help: "Print the tenant as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let tenant = try await context.withDatabase { try await TenantRepository(database: $0).require(slug: slug) }
            try TenantPrinter.print(tenant, json: json, verb: nil)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a tenant: its daemons refuse to start.")
        @Argument(help: "The tenant's slug.")
        var slug: String
        @Flag(help: "Print the tenant as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let tenant = try await context.withDatabase { try await TenantRepository(database: $0).disable(slug: slug) }
            try TenantPrinter.print(tenant, json: json, verb: "Disabled")
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Allow a daemon database role to act for a tenant.")
        @OptionGroup var access: TenantAccessOptions

        func run() async throws {
            try await access.change(verb: "Granted \(access.role) access to") { try await $0.grant(slug: $1, role: $2) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a tenant away from a daemon database role.")
        @OptionGroup var access: TenantAccessOptions

        func run() async throws {
            try await access.change(verb: "Revoked \(access.role)'s access to") { try await $0.revoke(slug: $1, role: $2) }
        }
    }
}

/// What `tenant grant` and `tenant revoke` take, and their one way of running.
struct TenantAccessOptions: ParsableArguments {
    @Argument(help: "The tenant's slug.")
    var slug: String
    @Option(help: "The daemon's database login role (a member of attest_app).")
    var role: String
    @Flag(help: "Print the tenant as JSON.")
    var json = false

    func change(verb: String, _ body: @escaping @Sendable (TenantRepository, String, String) async throws -> Tenant) async throws {
        let (slug, role) = (slug, role)
        let context = try await CommandContext.load()
        let tenant = try await context.withDatabase { try await body(TenantRepository(database: $0), slug, role) }
        try TenantPrinter.print(tenant, json: json, verb: verb)
    }
}

/// Human-readable and JSON output of tenants.
enum TenantPrinter {
    static func print(_ tenant: Tenant, json: Bool, verb: String?) throws {
        if json { return try JSONOutput.print(tenant) }
        if let verb { Swift.print("\(verb) tenant \(tenant.slug).") }
        Swift.print("""
            slug:            \(tenant.slug)
            legal name:      \(tenant.legalName)
            time zone:       \(tenant.timeZone)
            IMAGE agreement: \(tenant.imageAgreementDate ?? "-")
            send hour:       \(tenant.sendHour):00
            status:          \(tenant.isDisabled ? "disabled" : "active")
            daemon roles:    \(tenant.daemonRoles.isEmpty ? "-" : tenant.daemonRoles.joined(separator: ", "))
            """)
        for contact in tenant.contacts {
            Swift.print("contact:         \(contact.name) <\(contact.email)> (\(contact.role.rawValue))")
        }
    }

    static func table(_ tenants: [Tenant]) {
        guard !tenants.isEmpty else { return Swift.print("No tenants yet (add one with `attest tenant add`).") }
        let width = max(4, tenants.map(\.slug.count).max() ?? 4)
        Swift.print("SLUG".padding(toLength: width, withPad: " ", startingAt: 0) + "  STATUS    TIME ZONE             LEGAL NAME")
        for tenant in tenants {
            let status = (tenant.isDisabled ? "disabled" : "active").padding(toLength: 8, withPad: " ", startingAt: 0)
            let zone = tenant.timeZone.padding(toLength: 20, withPad: " ", startingAt: 0)
            Swift.print("\(tenant.slug.padding(toLength: width, withPad: " ", startingAt: 0))  \(status)  \(zone)  \(tenant.legalName)")
        }
    }
}
