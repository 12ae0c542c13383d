import Compliance
import Foundation
import Logging
import Mailer
import Storage

/// Sends the weekly summaries that are due (`attest summary send`): makes this week's for
/// every operator contact whose Monday send hour has come, then claims, renders, sends
/// and records them through ``WeeklySummaryQueue``, the way the dispatcher sends
/// deliveries (a lease, a fencing token, a fixed Message-ID; 4xx and network errors
/// retried, 5xx failed). Runs as the operator role, which sees every tenant.
public struct WeeklySummarySender: Sendable {
    /// What one run did.
    public struct Report: Sendable, Equatable {
        public var scheduled = 0
        public var sent: [String] = []
        public var retried: [String] = []
        public var failed: [String] = []
    }

    private let database: Database
    private let transport: any MailTransport
    private let sender: MailAddress
    private let owner: String
    private let logger: Logger

    public init(database: Database, transport: any MailTransport, sender: MailAddress, owner: String, logger: Logger) {
        self.database = database
        self.transport = transport
        self.sender = sender
        self.owner = owner
        self.logger = logger
    }

    /// One run at `now`.
    public func run(now: Date) async throws -> Report {
        var report = Report()
        let queue = WeeklySummaryQueue()
        report.scheduled = try await database.withTransaction { connection in
            try await queue.schedule(now: now, connection: connection, logger: logger)
        }
        // Every tenant's counts, read once per operator-local date of this run, not once per summary.
        var counts: [CivilDate: [TenantStatus]] = [:]
        while true {
            let claimed = try await database.withTransaction { connection in
                try await queue.claim(limit: 10, lease: 120, owner: owner, now: now, connection: connection, logger: logger)
            }
            if claimed.isEmpty { return report }
            for summary in claimed {
                if counts[summary.today] == nil {
                    counts[summary.today] = try await database.withTransaction { connection in
                        try await AgendaRepository().status(today: summary.today, connection: connection, logger: logger)
                    }
                }
                try await send(summary, counts: counts[summary.today] ?? [], now: now, into: &report)
            }
        }
    }

    /// Sends one summary about the tenants, among `counts`, that its operator is a contact of.
    private func send(_ summary: ClaimedSummary, counts: [TenantStatus], now: Date, into report: inout Report) async throws {
        let queue = WeeklySummaryQueue()
        let slugs = try await database.withTransaction { connection in
            try await queue.tenants(of: summary.email, connection: connection, logger: logger)
        }
        let statuses = counts.filter { slugs.contains($0.tenant) }
        let content = WeeklySummaryMessage(statuses: WeeklySummaryMessage.ordered(statuses), week: summary.week, now: now)
        let outcome = await transport.send(try MailMessage(from: sender, to: [try MailAddress(summary.email)], subject: content.subject,
                                                           messageID: summary.messageID, text: content.text, html: content.html))
        let result = DeliveryResultMapping.result(of: outcome, attempt: summary.attempt)
        let (sent, reply, retry): (Bool, String, TimeInterval?) = switch result {
        case .sent(_, let reply): (true, reply, nil)
        case .transient(_, let reply, let after), .unknown(let reply, let after): (false, reply, after)
        case .permanent(_, let reply): (false, reply, nil)
        case .cancelled: (false, "cancelled", nil)
        }
        _ = try await database.withTransaction { connection in
            try await queue.finish(summary, sent: sent, reply: reply, retryAfter: retry, now: now, connection: connection, logger: logger)
        }
        let entry = "\(summary.email) (week of \(summary.week))"
        if sent { report.sent.append(entry) } else if retry != nil { report.retried.append(entry) } else { report.failed.append(entry) }
        logger.info("weekly summary", metadata: ["outcome": "\(sent ? "sent" : retry == nil ? "failed" : "retried")", "week": "\(summary.week)",
                                                 "tenants": "\(statuses.count)"])
    }
}
