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
        @Option(help: "When it expires: a number of days (30d) or a date (YYYY-MM-DD, UTC); 90d unless given, at most 730d.")
        var expires: String?
        @Flag(help: "Let the token only read: every write route answers it 403.")
        var readOnly = false
        @Flag(help: "Print the token and its secret as JSON.")
        var json = false

        func run() async throws {
            let now = Date()
            let expiry = try expires.map { try APITokenExpiry.parse($0, from: now) } ?? APITokenExpiry.default(from: now)
            let context = try await CommandContext.load()
            let (token, secret) = try await context.withDatabase { database in
                try await APITokenRepository(database: database).create(name: name, tenants: tenant, expiresAt: expiry, readOnly: readOnly)
            }
            if json { return try JSONOutput.print(CreatedToken(token: token, secret: secret)) }
            print(secret)
            let mode = token.readOnly ? "read-only " : ""
            FileHandle.standardError.write(Data("""
                Created \(mode)token \(token.name) (\(token.id.uuidString.lowercased())) for \(token.tenants.joined(separator: ", ")), \
                valid until \(UTCTimestamp.format(token.expiresAt)).
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
            print("ID                                    " + "NAME".padding(toLength: width, withPad: " ", startingAt: 0)
                  + "  STATUS   ACCESS      EXPIRES               LAST USED             TENANTS")
            let now = Date()
            for token in tokens {
                let status = token.isRevoked ? "revoked" : (token.isExpired(at: now) ? "expired" : "active ")
                let access = token.readOnly ? "read-only " : "read-write"
                let used = token.lastUsedAt.map(UTCTimestamp.format) ?? "never               "
                print("\(token.id.uuidString.lowercased())  \(token.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(status)  \(access)  "
                      + "\(UTCTimestamp.format(token.expiresAt))  \(used)  \(token.tenants.joined(separator: ","))")
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
