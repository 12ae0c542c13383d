import Compliance
import Foundation
import PostgresNIO
import Logging
import Metrics
import ServiceLifecycle
import Storage

/// The service that does one hosted tenant's work: a scheduler pass (open
/// obligations → reminders → deliveries), the rescue of expired leases, and the
/// dispatcher. It sleeps until the next send instant, a change notification or the
/// periodic safety pass, never a busy poll. Database errors are logged and retried
/// with backoff; one tenant's failures never stop the others.
struct TenantService: Service {
    static let safetyInterval: TimeInterval = 300

    let tenant: Tenant
    let database: Database
    let mail: MailSetup?
    let wake: WakeSignal
    let owner: String
    /// Claim/send/record loops run at once while mail is due (each claims 1/(2N) of a batch).
    let dispatchers: Int
    let clock: @Sendable () -> Date
    let logger: Logger
    private let metrics: TenantMetrics

    init(tenant: Tenant, database: Database, mail: MailSetup?, wake: WakeSignal, owner: String, dispatchers: Int = 1,
         clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.tenant = tenant
        self.database = database
        self.mail = mail
        self.wake = wake
        self.owner = owner
        self.dispatchers = max(1, dispatchers)
        self.clock = clock
        var logger = logger
        logger[metadataKey: "tenant"] = "\(tenant.slug)"
        self.logger = logger
        self.metrics = TenantMetrics(tenant: tenant.slug)  // exported from the start, at 0
    }

    func run() async throws {
        logger.info("tenant service started", metadata: ["tenant.time_zone": "\(tenant.timeZone)"])
        if mail == nil { logger.warning("no mail transport configured (ATTEST_SMTP_URL): reminders are scheduled but not sent") }
        await withGracefulShutdownHandler {
            await loop()
        } onGracefulShutdown: {
            Task { await wake.signal() }
        }
        logger.info("tenant service stopped")
    }

    private func loop() async {
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var pause: TimeInterval
            await wake.clearPending()
            do {
                pause = try await cycle(afterFailure: failures > 0)
                failures = 0
            } catch {
                failures += 1
                metrics.passFailures.increment()
                if error is PSQLError || error is DeadlineExceeded { Gauge(label: "attest_database_up").record(0) }
                pause = min(60, pow(2, Double(min(failures, 6))))
                logger.error("tenant cycle failed; retrying", metadata: [
                    "error": "\(PostgresErrorText.describe(error))", "retry.in_seconds": "\(Int(pause))",
                ])
            }
            let retired = await wake.isRetired
            if Task.isShuttingDownGracefully || retired { break }
            await wake.wait(upTo: .milliseconds(Int64(max(0.05, pause) * 1_000)))
            if await wake.isRetired { break }
        }
    }

    /// One pass; returns how long to sleep before the next. `afterFailure`: the previous
    /// cycle failed, so the deliveries this service still holds claimed are ones whose
    /// claim it lost (nothing of its own is in flight now): they go back to pending at
    /// once rather than when their leases expire. The dispatcher runs only when a
    /// delivery is due: an idle tenant's cycle is one transaction.
    func cycle(afterFailure: Bool = false) async throws -> TimeInterval {
        let started = DispatchTime.now()
        let (pass, queuedAtPass) = try await schedule(now: clock(), afterFailure: afterFailure)
        if pass.released > 0 {
            logger.warning("deliveries claimed when the database went away are due again", metadata: ["deliveries.released": "\(pass.released)"])
        }
        record(pass, since: started)
        guard let mail else { return nextPause(pass.nextSendAt, nil) }
        var queued = queuedAtPass
        if let due = queued.nextAttempt, due <= clock() {
            try await dispatch(mail)
            queued = try await DatabaseCall.run { [database, tenant, logger] in try await database.withTenant(tenant.id) { connection in
                try await DeliveryQueue().nextTimes(tenant: tenant.id, connection: connection, logger: logger)
            } }
        }
        // Claim lag: how long the oldest due delivery has waited (0 when none is late).
        metrics.claimLag.record(max(0, queued.nextAttempt.map { clock().timeIntervalSince($0) } ?? 0))
        // A lease that ends unrecorded (its daemon died) is rescued when it ends.
        return nextPause(pass.nextSendAt, queued.nextAttempt, queued.firstLeaseEnd)
    }

    /// Runs the tenant's dispatcher loops until nothing is due. They share the service's
    /// claim name (after a failed cycle none of them is in flight any more), and each
    /// claims half its share of a batch (a loop has two claims out and unrecorded at
    /// most, ``Dispatcher/drain()``): together they never hold more than one batch
    /// unrecorded.
    private func dispatch(_ mail: MailSetup) async throws {
        let share = max(1, mail.batchSize / (2 * dispatchers))
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<dispatchers {
                group.addTask { [self] in
                    try await Dispatcher(tenant: tenant, database: database, mail: mail, owner: owner, claimSize: share,
                                         clock: clock, logger: logger).drain()
                }
            }
            try await group.waitForAll()
        }
    }

    /// The scheduler pass, the rescue of expired (and, after a failure, lost) claims and
    /// a look at the delivery queue, in one tenant transaction.
    private func schedule(now: Date, afterFailure: Bool) async throws -> (SchedulerPassReport, DeliveryQueueTimes) {
        let work = TenantWork(database: database)
        return try await DatabaseCall.run { [work, tenant, owner, logger] in try await work.run(tenant: tenant, actor: "daemon") { context, connection in
            var pass = try await SchedulerRepository().pass(now: now, context: context, connection: connection, logger: logger)
            let queue = DeliveryQueue()
            pass.rescued = try await queue.rescueExpired(now: now, tenant: context.tenant.id, connection: connection, logger: logger)
            if afterFailure {
                pass.released = try await queue.releaseClaims(of: owner, now: now, tenant: context.tenant.id, connection: connection, logger: logger)
            }
            return (pass, try await queue.nextTimes(tenant: context.tenant.id, connection: connection, logger: logger))
        } }
    }

    /// The pass's metrics and its log line.
    private func record(_ pass: SchedulerPassReport, since started: DispatchTime) {
        metrics.passSeconds.recordInterval(since: started)
        metrics.remindersCreated.increment(by: pass.remindersCreated)
        metrics.obligationsOpen.record(pass.openObligations)
        metrics.obligationsOverdue.record(pass.overdueObligations)
        metrics.tipAcknowledgementsOverdue.record(pass.overdueTipAcknowledgements)
        metrics.lastPass.record(Date().timeIntervalSince1970)
        Gauge(label: "attest_database_up").record(1)
        logger.info("scheduler pass", metadata: [
            "obligations.open": "\(pass.openObligations)", "obligations.overdue": "\(pass.overdueObligations)",
            "obligations.planned": "\(pass.obligationsPlanned)", "reminders.created": "\(pass.remindersCreated)",
            "reminders.cancelled": "\(pass.remindersCancelled)", "deliveries.created": "\(pass.deliveriesCreated)",
            "deliveries.rescued": "\(pass.rescued)",
        ])
    }

    private func nextPause(_ dates: Date?...) -> TimeInterval {
        let now = clock()
        let next = dates.compactMap { $0 }.min().map { $0.timeIntervalSince(now) } ?? Self.safetyInterval
        return min(Self.safetyInterval, max(0, next))
    }
}

/// A tenant service's metrics, made once: making a metric looks it up by label and
/// dimensions under the registry's lock, too slow to do a few times a pass for 10,000 tenants.
struct TenantMetrics: Sendable {
    let passFailures: Counter
    let passSeconds: Timer
    let remindersCreated: Counter
    let obligationsOpen: Gauge
    let obligationsOverdue: Gauge
    let tipAcknowledgementsOverdue: Gauge
    let lastPass: Gauge
    let claimLag: Gauge

    init(tenant: String) {
        let dimensions = [("tenant", tenant)]
        passFailures = Counter(label: "attest_scheduler_pass_failures_total", dimensions: dimensions)
        passSeconds = Timer(label: "attest_scheduler_pass_seconds", dimensions: dimensions)
        remindersCreated = Counter(label: "attest_reminders_created_total", dimensions: dimensions)
        obligationsOpen = Gauge(label: "attest_obligations_open", dimensions: dimensions)
        obligationsOverdue = Gauge(label: "attest_obligations_overdue", dimensions: dimensions)
        tipAcknowledgementsOverdue = Gauge(label: "attest_tip_acknowledgements_overdue", dimensions: dimensions)
        lastPass = Gauge(label: "attest_scheduler_last_pass_timestamp_seconds", dimensions: dimensions)
        claimLag = Gauge(label: "attest_claim_lag_seconds", dimensions: dimensions)
    }
}
