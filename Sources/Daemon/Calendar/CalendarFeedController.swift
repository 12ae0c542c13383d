import Compliance
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Storage

/// `GET /t/SLUG/calendar/TOKEN.ics`: a tenant's (or a person's) calendar feed, for
/// calendar clients that subscribe to it (issue 16, item 3). The token is the secret: an
/// unknown, revoked or another tenant's token is 404, like a tenant the daemon does not
/// host. Each answer carries an `ETag`; `If-None-Match` with it gets 304. A token may be
/// polled 6 times at once, then once a minute (429 with `Retry-After`); the database
/// work passes the public gate (503 when shed). Tokens are neither logged nor kept.
public struct CalendarFeedController: Sendable {
    private let database: Database
    private let selection: TenantSelection
    private let gate: PublicGate
    private let links: ConsoleLinks?
    private let limiter: SourceRateLimiter
    private let logger: Logger

    /// A controller for the tenants of `selection`; `burst` polls per token at once.
    public init(database: Database, selection: TenantSelection, gate: PublicGate, consoleURL: String?, logger: Logger, burst: Int = 6) {
        self.database = database
        self.selection = selection
        self.gate = gate
        self.links = consoleURL.map(ConsoleLinks.init(base:))
        self.limiter = SourceRateLimiter(SourceRateLimiter.Rule(burst: burst, interval: .seconds(60)))
        self.logger = logger
    }

    public func addRoutes(to router: Router<some RequestContext>) {
        router.get("t/:slug/calendar/:file") { request, context in
            await feed(request, slug: context.parameters.get("slug") ?? "", file: context.parameters.get("file") ?? "")
        }
    }

    private func feed(_ request: Request, slug: String, file: String) async -> Response {
        guard file.hasSuffix(".ics") else { return Self.plain(.notFound, "not found") }
        let token = String(file.dropLast(4))
        guard APITokenSecret.isWellFormed(token, prefix: APITokenSecret.calendarPrefix) else { return Self.plain(.notFound, "not found") }
        if let wait = await limiter.take(Self.fingerprint(token)) {
            return Self.plain(.tooManyRequests, "too many requests", extra: [.retryAfter: String(wait)])
        }
        do {
            guard let body = try await document(slug: slug, token: token) else { return Self.plain(.notFound, "not found") }
            let tag = "\"\(Self.fingerprint(body))\""
            if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag }) {
                return Response(status: .notModified, headers: [.eTag: tag, .cacheControl: "no-cache"])
            }
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .eTag: tag, .cacheControl: "no-cache"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        } catch let busy as PublicGate.Busy {
            return Self.plain(.serviceUnavailable, "busy, try again", extra: [.retryAfter: String(busy.retryAfter)])
        } catch {
            logger.error("calendar feed failed", metadata: ["tenant": "\(slug)", "error": "\(PostgresErrorText.describe(error))"])
            return Self.plain(.serviceUnavailable, "not available right now")
        }
    }

    /// The feed's iCalendar text, or nil when the tenant or the token is unknown here.
    private func document(slug: String, token: String) async throws -> String? {
        let (database, selection, links) = (self.database, self.selection, self.links)
        return try await gate.run {
            try await DatabaseCall.limited(.seconds(10)) {
                guard let tenant = try await selection.hostedTenant(slug: slug, database: database) else { return nil }
                return try await TenantWork(database: database).run(tenant: tenant, actor: "calendar-feed") { context, connection in
                    let repository = CalendarFeedRepository()
                    guard let feed = try await repository.feed(token: token, context: context, connection: connection, logger: database.logger) else {
                        return nil
                    }
                    let entries = try await repository.entries(of: feed, now: Date(), context: context, connection: connection, logger: database.logger)
                    let name = feed.person.map { "\(tenant.legalName): work of \($0)" } ?? "\(tenant.legalName): IMAGE compliance"
                    return CalendarFeedDocument(tenant: tenant, feedName: name, settings: context.rules.settings, links: links).render(entries)
                }
            }
        }
    }

    /// A short hex SHA-256: the ETag of a body, the limiter's key of a token.
    private static func fingerprint(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(16).hexDigits
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
        for field in extra { headers[field.name] = field.value }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
