import ArgumentParser
import Daemon
import Foundation
import Storage

extension CalendarCommand {
    /// `attest calendar feed create | list | revoke`: the secret addresses of the
    /// tenants' calendar feeds.
    struct Feed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "feed",
            abstract: "Calendar feeds (iCalendar) of a tenant's open obligations, or of one person's work, served by attest serve.",
            subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make a feed and print its secret address (shown once: only a hash of its token is kept).")
            @Option(help: "Only the work of this person (their id): what they are responsible for.") var person: String?
            @OptionGroup var options: TenantOptions

            func run() async throws {
                let context = try await CommandContext.load()
                let (slug, person) = (options.tenant, person)
                let (feed, token) = try await context.withDatabase { database in
                    try await TenantWork(database: database).run(slug: slug, actor: RecordCommandRunner.actor) { tenant, connection in
                        try await CalendarFeedRepository().create(person: person, context: tenant, connection: connection, logger: database.logger)
                    }
                }
                let path = "/t/\(slug)/calendar/\(token).ics"
                if options.json { return try JSONOutput.print(CreatedFeedJSON(feed: feed, path: path)) }
                print("feed \(feed.id.uuidString.lowercased()) of \(person.map { "person \($0) of " } ?? "")\(slug): \(path)")
                print("(on the daemon's public address; keep it secret: whoever has it reads the feed; shown once)")
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List a tenant's feeds (never their tokens).")
            @OptionGroup var options: TenantOptions

            func run() async throws {
                let context = try await CommandContext.load()
                let slug = options.tenant
                let feeds = try await context.withDatabase { database in
                    try await TenantWork(database: database).run(slug: slug, actor: RecordCommandRunner.actor) { tenant, connection in
                        try await CalendarFeedRepository().list(context: tenant, connection: connection, logger: database.logger)
                    }
                }
                if options.json { return try JSONOutput.print(feeds) }
                print("ID                                    PERSON        CREATED     REVOKED")
                for feed in feeds {
                    print([feed.id.uuidString.lowercased(), (feed.person ?? "(tenant)").padding(toLength: 13, withPad: " ", startingAt: 0),
                           String(feed.createdAt.ISO8601Format().prefix(10)), feed.revokedAt.map { String($0.ISO8601Format().prefix(10)) } ?? "-"]
                        .joined(separator: " "))
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a feed: its address answers 404 from now on.")
            @Argument(help: "The feed's id (attest calendar feed list).") var id: String
            @OptionGroup var options: TenantOptions

            func validate() throws {
                guard UUID(uuidString: id) != nil else { throw ValidationError("\(id) is not a feed id (see attest calendar feed list)") }
            }

            func run() async throws {
                let context = try await CommandContext.load()
                let (slug, feedID) = (options.tenant, UUID(uuidString: id) ?? UUID())
                let revoked = try await context.withDatabase { database in
                    try await TenantWork(database: database).run(slug: slug, actor: RecordCommandRunner.actor) { tenant, connection in
                        try await CalendarFeedRepository().revoke(feedID, context: tenant, connection: connection, logger: database.logger)
                    }
                }
                guard revoked else {
                    FileHandle.standardError.write(Data("attest: error: \(slug) has no live feed \(id)\n".utf8))
                    throw ExitCode.failure
                }
                print("feed \(id) revoked")
            }
        }
    }
}

/// `attest calendar feed create --json`.
private struct CreatedFeedJSON: Encodable {
    let feed: CalendarFeed
    let path: String

    func encode(to encoder: any Encoder) throws {
        try feed.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(path, forKey: .path)
    }

    private enum Key: String, CodingKey { case path }
}
