import Compliance
import Foundation
import Logging
import Mailer
import Metrics
import ServiceLifecycle
import Storage

/// Sends a tenant's due deliveries: claims a batch (SKIP LOCKED, with a lease) and
/// re-checks it against its obligations in one transaction, renders and sends its
/// messages outside any transaction over up to ``MailSetup/concurrency`` connections
/// at once, and records the outcomes, each with the attempt that claimed it, in one
/// transaction.
struct Dispatcher: Sendable {
    static let lease: TimeInterval = 300
    /// A claimed delivery is not started this close to its lease's end: the lease could
    /// expire while it is sent, and another daemon take it and send it again.
    static let leaseMargin: TimeInterval = lease / 4

    let tenant: Tenant
    let database: Database
    let mail: MailSetup
    let owner: String
    /// Deliveries one claim takes: half the setup's batch, divided among the tenant's
    /// dispatchers (``TenantService``).
    let claimSize: Int
    let clock: @Sendable () -> Date
    let logger: Logger
    private let metrics: DispatcherMetrics

    init(tenant: Tenant, database: Database, mail: MailSetup, owner: String, claimSize: Int,
         clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.tenant = tenant
        self.database = database
        self.mail = mail
        self.owner = owner
        self.claimSize = claimSize
        self.clock = clock
        self.logger = logger
        self.metrics = DispatcherMetrics(tenant: tenant.slug)
    }

    /// A claimed delivery with the reminders it still carries.
    struct Claim: Sendable {
        let delivery: ClaimedDelivery
        let items: [DeliveryItem]
        /// When the claim's lease expires (as the dispatcher's clock tells).
        let leaseEnds: Date
    }

    /// How one claimed delivery's attempt ended.
    struct Attempt: Sendable {
        let delivery: ClaimedDelivery
        let result: DeliveryResult
    }

    /// Sends until nothing is due, or shutdown begins (claimed but unsent deliveries
    /// are then released for another daemon or the next start). Three claims are in
    /// hand at once: the next is taken and the previous one's outcomes recorded while
    /// one is sent, so the database and the relay work at the same time. A claim's
    /// outcomes are recorded before the claim two after it is sent, so a process killed
    /// mid-send has at most two claims out and unrecorded (the one being sent and the one
    /// being recorded): what a restart sends again, with the same Message-IDs. A claim
    /// is at most half a batch (``TenantService``), so that is at most one batch.
    func drain() async throws -> Int {
        var sent = 0
        var batch = try await claim()
        var unrecorded: [Attempt] = []
        while !batch.isEmpty {
            let previous = unrecorded
            async let next = Task.isShuttingDownGracefully ? [] : claim()
            async let recorded: Void = record(previous)
            let attempts = await send(batch)
            sent += attempts.count { if case .sent = $0.result { true } else { false } }
            do {
                // If either throws (the database has been away for a minute), the other is
                // awaited on the way out, and what the claim took is released after the
                // failed cycle; these messages are out, so their outcomes are tried first.
                try await recorded
                batch = try await next
            } catch {
                try await record(attempts)
                throw error
            }
            unrecorded = attempts
        }
        try await record(unrecorded)
        return sent
    }

    private func claim() async throws -> [Claim] {
        let now = clock()
        return try await DatabaseCall.run { [database, tenant, owner, logger] in
            try await database.withTenant(tenant.id) { connection in
                let queue = DeliveryQueue()
                let claimed = try await queue.claim(limit: claimSize, lease: Self.lease, owner: owner, now: now,
                                                    tenant: tenant.id, connection: connection, logger: logger)
                let items = try await queue.items(of: claimed.map(\.id), tenant: tenant.id, connection: connection, logger: logger)
                return claimed.map { Claim(delivery: $0, items: items[$0.id] ?? [], leaseEnds: now.addingTimeInterval(Self.lease)) }
            }
        }
    }

    /// Attempts every claim, at most `mail.concurrency` at once.
    private func send(_ batch: [Claim]) async -> [Attempt] {
        // The tenant's date, which messages count "due in N days" from: once a batch.
        let today: Result<CivilDate, any Error>
        do {
            today = .success(try LocalSendTime(timeZone: tenant.timeZone, hour: 0).civilDate(of: clock()))
        } catch {
            today = .failure(error)
        }
        return await withTaskGroup(of: Attempt.self) { group in
            var pending = batch.makeIterator()
            for _ in 0..<max(1, mail.concurrency) {
                guard let next = pending.next() else { break }
                group.addTask { await attempt(next, today: today) }
            }
            var attempts: [Attempt] = []
            for await attempt in group {
                attempts.append(attempt)
                if let next = pending.next() { group.addTask { await self.attempt(next, today: today) } }
            }
            return attempts
        }
    }

    private func attempt(_ claim: Claim, today: Result<CivilDate, any Error>) async -> Attempt {
        if Task.isShuttingDownGracefully {
            return Attempt(delivery: claim.delivery, result: .transient(code: nil, reply: "released at shutdown", retryAfter: 0))
        }
        if clock() >= claim.leaseEnds.addingTimeInterval(-Self.leaseMargin) {
            return Attempt(delivery: claim.delivery, result: .transient(code: nil, reply: "released unsent: its lease was about to expire", retryAfter: 0))
        }
        guard !claim.items.isEmpty else { return Attempt(delivery: claim.delivery, result: .cancelled) }
        let result: DeliveryResult
        let started = DispatchTime.now()
        do {
            let message = try mail.composer.message(for: claim.delivery, items: claim.items, tenant: tenant, today: today.get())
            let outcome = await mail.transport.send(message)
            metrics.smtpLatency.recordInterval(since: started)
            result = DeliveryResultMapping.result(of: outcome, attempt: claim.delivery.attempt)
        } catch {
            result = .permanent(code: nil, reply: "cannot build the message: \(error)")
        }
        log(claim.delivery, items: claim.items, result: result)
        return Attempt(delivery: claim.delivery, result: result)
    }

    /// Records the outcomes in one transaction. Messages may already be out, so a
    /// database that is away (restarting) is waited for, up to about a minute, rather
    /// than letting the leases expire and the deliveries be sent again.
    private func record(_ attempts: [Attempt]) async throws {
        guard !attempts.isEmpty else { return }
        let now = clock()
        var delay: Duration = .milliseconds(250)
        var lost: [ClaimedDelivery] = []
        for round in 1...9 {
            do {
                lost = try await DatabaseCall.run { [database, tenant, logger] in
                    try await database.withTenant(tenant.id) { connection in
                        let kept = try await DeliveryQueue().finish(attempts.map { ($0.delivery, $0.result) }, now: now,
                                                                    tenant: tenant.id, connection: connection, logger: logger)
                        return attempts.map(\.delivery).filter { !kept.contains($0.id) }
                    }
                }
                break
            } catch {
                guard round < 9 else { throw error }
                logger.warning("could not record the outcome of deliveries; retrying", metadata: [
                    "deliveries": "\(attempts.count)", "error": "\(PostgresErrorText.describe(error))",
                ])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(15))
            }
        }
        for delivery in lost {
            logger.warning("delivery lease was lost before its outcome was recorded; another daemon owns it now",
                           metadata: ["delivery.id": "\(delivery.id)", "delivery.attempt": "\(delivery.attempt)"])
        }
        for attempt in attempts {
            metrics.deliveries(attempt.result).increment()
        }
    }

    /// One line per attempt: at error level when it failed for good, warning when it will
    /// be retried, info otherwise. Its metadata is built only when the line is written.
    private func log(_ delivery: ClaimedDelivery, items: [DeliveryItem], result: DeliveryResult) {
        let (level, message, reply): (Logger.Level, Logger.Message, String?) = switch result {
        case .permanent(_, let reply): (.error, "delivery failed permanently", reply)
        case .transient(_, let reply, _), .unknown(let reply, _): (.warning, "delivery will be retried", reply)
        case .sent, .cancelled: (.info, "delivery attempt", nil)
        }
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "delivery.id": "\(delivery.id)",
            "delivery.attempt": "\(delivery.attempt)",
            "obligation.ids": "\(items.map(\.obligationID.uuidString).joined(separator: ","))",
            "recipient.domain": "\(delivery.recipient.split(separator: "@").last.map(String.init) ?? "?")",
            "outcome": "\(result.outcomeLabel)",
        ]
        if let code = result.code { metadata["smtp.code"] = "\(code)" }
        if let reply { metadata["smtp.reply"] = "\(AddressRedaction.redacted(reply))" }
        logger.log(level: level, message, metadata: metadata)
    }
}

/// A tenant's dispatcher metrics, made once: a metric's handler is looked up by label
/// and dimensions when it is made, which is too slow to do for every message.
struct DispatcherMetrics: Sendable {
    let smtpLatency: Timer
    private let tenant: String
    private let outcomes: [String: Counter]

    init(tenant: String) {
        self.tenant = tenant
        smtpLatency = Timer(label: "attest_smtp_latency_seconds", dimensions: [("tenant", tenant)])
        outcomes = Dictionary(uniqueKeysWithValues: DeliveryResult.outcomeLabels.map { ($0, Self.deliveries(tenant: tenant, outcome: $0)) })
    }

    /// The `attest_deliveries_total` counter of `result`'s outcome.
    func deliveries(_ result: DeliveryResult) -> Counter {
        outcomes[result.outcomeLabel] ?? Self.deliveries(tenant: tenant, outcome: result.outcomeLabel)
    }

    private static func deliveries(tenant: String, outcome: String) -> Counter {
        Counter(label: "attest_deliveries_total", dimensions: [("tenant", tenant), ("outcome", outcome)])
    }
}

extension DeliveryResult {
    static let outcomeLabels = ["sent", "transient", "failed", "unknown", "cancelled"]

    /// The `outcome` label of logs and metrics.
    var outcomeLabel: String {
        switch self {
        case .sent: "sent"
        case .transient: "transient"
        case .permanent: "failed"
        case .unknown: "unknown"
        case .cancelled: "cancelled"
        }
    }

    var code: Int? {
        switch self {
        case .sent(let code, _): code
        case .transient(let code, _, _), .permanent(let code, _): code
        case .unknown, .cancelled: nil
        }
    }
}
