import ArgumentParser
import Foundation
import Storage

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke bearer tokens of the operators' API (operator role).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token scoped to tenants. Its secret is printed once and stored only as a SHA-256 hash.")
        @Option(help: "A name for the token (letters, digits, . _ -), recorded as the actor of its changes.")
        var name: String
        @Option(help: "Slug of a tenant the token may reach (repeatable; at least one).")
        var tenant: [String] = []
        @Flag(help: "Print the token and its secret as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let (token, secret) = try await context.withDatabase { database in
                try await APITokenRepository(database: database).create(name: name, tenants: tenant)
            }
            if json { return try JSONOutput.print(CreatedToken(token: token, secret: secret)) }
            print(secret)
            FileHandle.standardError.write(Data("""
                Created token \(token.name) (\(token.id.uuidString.lowercased())) for \(token.tenants.joined(separator: ", ")).
                The secret above is shown only now; send it as "Authorization: Bearer …".\n
                """.utf8))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (never their secrets).")
        @Flag(help: "Print the tokens as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let tokens = try await context.withDatabase { try await APITokenRepository(database: $0).list() }
            if json { return try JSONOutput.print(tokens) }
            let width = max(4, tokens.map(\.name.count).max() ?? 4)
            print("ID                                    " + "NAME".padding(toLength: width, withPad: " ", startingAt: 0) + "  STATUS   LAST USED             TENANTS")
            for token in tokens {
                let status = token.isRevoked ? "revoked" : "active "
                let used = token.lastUsedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "never               "
                print("\(token.id.uuidString.lowercased())  \(token.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(status)  \(used)  \(token.tenants.joined(separator: ","))")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it is refused from then on.")
        @Argument(help: "The token's id or name.")
        var token: String
        @Flag(help: "Print the token as JSON.")
        var json = false

        func run() async throws {
            let context = try await CommandContext.load()
            let revoked = try await context.withDatabase { try await APITokenRepository(database: $0).revoke(token) }
            if json { return try JSONOutput.print(revoked) }
            print("Revoked token \(revoked.name) (\(revoked.id.uuidString.lowercased())).")
        }
    }
}

/// `attest token create --json`: the token and, this once, its secret.
private struct CreatedToken: Encodable {
    let token: APIToken
    let secret: String
}
