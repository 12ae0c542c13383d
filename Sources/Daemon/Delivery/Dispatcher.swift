import Compliance
import Foundation
import Logging
import Mailer
import Metrics
import ServiceLifecycle
import Storage

/// Sends a tenant's due deliveries: claims a batch (SKIP LOCKED, with a lease),
/// re-checks each against its obligations, renders and sends it outside any
/// transaction, and records the outcome with the attempt that claimed it.
struct Dispatcher: Sendable {
    static let batchSize = 10
    static let lease: TimeInterval = 300

    let tenant: Tenant
    let work: TenantWork
    let mail: MailSetup
    let owner: String
    let clock: @Sendable () -> Date
    let logger: Logger

    /// Sends until nothing is due, or shutdown begins (claimed but unsent deliveries
    /// are then released for another daemon or the next start).
    func drain() async throws -> Int {
        var sent = 0
        let queue = DeliveryQueue()
        while !Task.isShuttingDownGracefully {
            let now = clock()
            let claimed = try await DatabaseCall.run { [work, tenant, logger] in try await work.run(tenant: tenant, actor: "daemon") { context, connection in
                try await queue.claim(limit: Self.batchSize, lease: Self.lease, owner: owner, now: now,
                                      context: context, connection: connection, logger: logger)
            } }
            if claimed.isEmpty { break }
            for delivery in claimed {
                if Task.isShuttingDownGracefully {
                    try await finish(delivery, .transient(code: nil, reply: "released at shutdown", retryAfter: 0))
                    continue
                }
                if try await attempt(delivery) { sent += 1 }
            }
        }
        return sent
    }

    private func attempt(_ delivery: ClaimedDelivery) async throws -> Bool {
        let items = try await DatabaseCall.run { [work, tenant, logger] in try await work.run(tenant: tenant, actor: "daemon") { context, connection in
            try await DeliveryQueue().items(of: delivery, context: context, connection: connection, logger: logger)
        } }
        guard !items.isEmpty else {
            try await finish(delivery, .cancelled)
            return false
        }
        let result: DeliveryResult
        let started = DispatchTime.now()
        do {
            let today = try LocalSendTime(timeZone: tenant.timeZone, hour: 0).civilDate(of: clock())
            let message = try mail.composer.message(for: delivery, items: items, tenant: tenant, today: today)
            let outcome = await mail.transport.send(message)
            Timer(label: "attest_smtp_latency_seconds", dimensions: [("tenant", tenant.slug)])
                .recordInterval(since: started)
            result = DeliveryResultMapping.result(of: outcome, attempt: delivery.attempt)
        } catch {
            result = .permanent(code: nil, reply: "cannot build the message: \(error)")
        }
        log(delivery, items: items, result: result)
        try await finish(delivery, result)
        if case .sent = result { return true }
        return false
    }

    /// Records the outcome. The message may already be out, so a database that is
    /// away (restarting) is waited for, up to about a minute, rather than letting the
    /// lease expire and the delivery be sent again.
    private func finish(_ delivery: ClaimedDelivery, _ result: DeliveryResult) async throws {
        let now = clock()
        var delay: Duration = .milliseconds(250)
        var kept = false
        for attempt in 1...9 {
            do {
                kept = try await DatabaseCall.run { [work, tenant, logger] in try await work.run(tenant: tenant, actor: "daemon") { context, connection in
                    try await DeliveryQueue().finish(delivery, result: result, now: now, context: context, connection: connection, logger: logger)
                } }
                break
            } catch {
                guard attempt < 9 else { throw error }
                logger.warning("could not record a delivery's outcome; retrying", metadata: [
                    "delivery.id": "\(delivery.id)", "error": "\(PostgresErrorText.describe(error))",
                ])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(15))
            }
        }
        if !kept {
            logger.warning("delivery lease was lost before its outcome was recorded; another daemon owns it now",
                           metadata: ["delivery.id": "\(delivery.id)", "delivery.attempt": "\(delivery.attempt)"])
        }
        Counter(label: "attest_deliveries_total", dimensions: [("tenant", tenant.slug), ("outcome", result.outcomeLabel)]).increment()
    }

    private func log(_ delivery: ClaimedDelivery, items: [DeliveryItem], result: DeliveryResult) {
        var metadata: Logger.Metadata = [
            "delivery.id": "\(delivery.id)",
            "delivery.attempt": "\(delivery.attempt)",
            "obligation.ids": "\(items.map(\.obligationID.uuidString).joined(separator: ","))",
            "recipient.domain": "\(delivery.recipient.split(separator: "@").last.map(String.init) ?? "?")",
            "outcome": "\(result.outcomeLabel)",
        ]
        if let code = result.code { metadata["smtp.code"] = "\(code)" }
        switch result {
        case .permanent(_, let reply):
            metadata["smtp.reply"] = "\(reply)"
            logger.error("delivery failed permanently", metadata: metadata)
        case .transient(_, let reply, _), .unknown(let reply, _):
            metadata["smtp.reply"] = "\(reply)"
            logger.warning("delivery will be retried", metadata: metadata)
        case .sent, .cancelled:
            logger.info("delivery attempt", metadata: metadata)
        }
    }
}

extension DeliveryResult {
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
