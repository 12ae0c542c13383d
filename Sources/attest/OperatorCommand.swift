import ArgumentParser
import Console
import Foundation
import Storage

/// `attest operator …`: the web console's accounts (operator role).
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Add, list, disable console accounts, reset their passwords and allow them to read tips (operator role).",
        subcommands: [Add.self, List.self, Disable.self, ResetPassword.self, Tips.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a console account. Its one-time password is printed once; the first sign-in replaces it and enrolls a second factor.")
        @Argument(help: "The account's e-mail address (its sign-in name).")
        var email: String
        @Option(help: "The operator's name.")
        var name: String
        @Option(help: "admin (sees every tenant, manages accounts and tokens) or manager (sees the tenants given with --tenant).")
        var role: OperatorAccount.Role
        @Option(help: "Slug of a tenant a manager sees (repeatable).")
        var tenant: [String] = []
        @Flag(help: "Let the account open tips (their text and contact) in the console.")
        var canReadTips = false
        @Flag(help: "Print the account and its one-time password as JSON.")
        var json = false

        func validate() throws {
            if role == .manager && tenant.isEmpty { throw ValidationError("a manager needs at least one --tenant SLUG") }
        }

        func run() async throws {
            let context = try await CommandContext.load()
            let password = PasswordHashing.oneTimePassword()
            let hash = try await PasswordHashing.hash(password)
            let draft = OperatorAccountDraft(email: email, name: name, role: role, tenantSlugs: tenant, passwordHash: hash)
            let readsTips = canReadTips
            let account = try await context.withDatabase { database in
                let repository = OperatorAccountRepository(database: database)
                let added = try await repository.add(draft, actor: RecordCommandRunner.actor)
                return readsTips ? try await repository.setTipPermission(true, email: added.email, actor: RecordCommandRunner.actor) : added
            }
            try Self.report(account, password: password, json: json, verb: "Added")
        }

        static func report(_ account: OperatorAccount, password: String, json: Bool, verb: String) throws {
            if json { return try JSONOutput.print(IssuedPassword(account: account, oneTimePassword: password)) }
            print("\(verb) \(account.role.rawValue) \(account.email).")
            print("one-time password: \(password)")
            FileHandle.standardError.write(Data("Give it to \(account.name) privately; it is shown only now and works for one sign-in.\n".utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the console accounts (never their passwords or secrets).")
        @Flag(help: "Print the accounts as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let accounts = try await context.withDatabase { try await OperatorAccountRepository(database: $0).list() }
            if json { return try JSONOutput.print(accounts) }
            let width = max(5, accounts.map(\.email.count).max() ?? 5)
            print("EMAIL".padding(toLength: width, withPad: " ", startingAt: 0) + "  ROLE     STATUS    2FA  TIPS  TENANTS")
            for account in accounts {
                let status = account.disabledAt != nil ? "disabled" : account.passwordIsTemporary ? "invited " : "active  "
                let tenants = account.role == .admin ? "(all)" : account.tenants.joined(separator: ",")
                print("\(account.email.padding(toLength: width, withPad: " ", startingAt: 0))  \(account.role.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(status)  \(account.hasSecondFactor ? "yes" : "no ")  \(account.canReadTips ? "yes " : "no  ")  \(tenants)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions at once.")
        @Argument(help: "The account's e-mail address.")
        var email: String

        func run() async throws {
            let context = try await CommandContext.load()
            let account = try await context.withDatabase { try await OperatorAccountRepository(database: $0).disable(email: email, actor: RecordCommandRunner.actor) }
            print("Disabled \(account.email); its sessions have ended.")
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Give an account a new one-time password (re-enabling it) and end its sessions.")
        @Argument(help: "The account's e-mail address.")
        var email: String
        @Flag(help: "Also remove its second factor, so that the next sign-in enrolls a new one (a lost phone).")
        var secondFactor = false
        @Flag(help: "Print the account and its one-time password as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let password = PasswordHashing.oneTimePassword()
            let hash = try await PasswordHashing.hash(password)
            let account = try await context.withDatabase { database in
                try await OperatorAccountRepository(database: database)
                    .resetPassword(email: email, passwordHash: hash, clearSecondFactor: secondFactor, actor: RecordCommandRunner.actor)
            }
            try Add.report(account, password: password, json: json, verb: "Reset the password of")
        }
    }
}

extension OperatorCommand {
    struct Tips: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allow an account to open tips (their text and contact) in the console, or forbid it again.")
        @Argument(help: "The account's e-mail address.")
        var email: String
        @Flag(exclusivity: .exclusive, help: "Allow it, or forbid it.")
        var permission: Permission

        enum Permission: EnumerableFlag {
            case allow, forbid
        }

        func run() async throws {
            let context = try await CommandContext.load()
            let allowed = permission == .allow
            let account = try await context.withDatabase { database in
                try await OperatorAccountRepository(database: database).setTipPermission(allowed, email: email, actor: RecordCommandRunner.actor)
            }
            print("\(account.email) \(allowed ? "may now open tips in the console" : "may no longer open tips").")
        }
    }
}

extension OperatorAccount.Role: ExpressibleByArgument {}

/// `--json` of `operator add` and `reset-password`: the account and, this once, its password.
private struct IssuedPassword: Encodable {
    let account: OperatorAccount
    let oneTimePassword: String

    enum CodingKeys: String, CodingKey {
        case account
        case oneTimePassword = "one_time_password"
    }
}
