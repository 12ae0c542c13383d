import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Runs one ``TenantService`` per hosted tenant as child tasks, so one tenant's
/// failures stay its own, each with its ``MailSetup`` from the ``MailDirectory``. With
/// `--all-tenants` it also looks every minute for tenants granted to its role since it
/// started, and starts them (`ATTEST_TENANTS_DISCOVERY_SECONDS`).
struct TenantSupervisor: Service {
    let initial: [Tenant]
    let selection: TenantSelection
    let database: Database
    let mail: MailDirectory
    let wakes: WakeRegistry
    let owner: String
    /// Claim/send/record loops per tenant (`ATTEST_DISPATCHERS`).
    let dispatchers: Int
    let discoveryInterval: Duration
    let logger: Logger

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            var running = Set<UUID>()
            func start(_ tenant: Tenant, wake: WakeSignal) {
                running.insert(tenant.id)
                // Each service claims under a name of its own: after a failed cycle it
                // releases what that name still holds, which only it can have claimed.
                let service = TenantService(tenant: tenant, database: database, mail: mail.setup(for: tenant.slug), wake: wake,
                                            owner: "\(owner)/\(UUID().uuidString.prefix(8).lowercased())", dispatchers: dispatchers, logger: logger)
                group.addTask { try? await service.run() }
            }
            // All at once, so that the listener listens to every channel in one go.
            let initialWakes = await wakes.signals(for: initial.map(\.id))
            for (tenant, wake) in zip(initial, initialWakes) { start(tenant, wake: wake) }
            guard selection == .all else { return }
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: discoveryInterval) }
                if Task.isShuttingDownGracefully || Task.isCancelled { break }
                guard let current = await discover() else { continue }
                for tenant in current where !running.contains(tenant.id) {
                    logger.info("hosting a newly granted tenant", metadata: ["tenant": "\(tenant.slug)"])
                    start(tenant, wake: await wakes.signal(for: tenant.id))
                }
                let kept = Set(current.map(\.id))
                for id in running where !kept.contains(id) {
                    running.remove(id)
                    logger.info("no longer hosting a tenant: disabled, or its grant withdrawn", metadata: ["tenant.id": "\(id)"])
                    await wakes.retire(id)
                }
            }
        }
        await mail.close()
    }

    /// The enabled tenants this role may act for now; nil when the database is away.
    private func discover() async -> [Tenant]? {
        do {
            return try selection.resolve(visible: try await TenantRepository(database: database).list())
        } catch {
            logger.warning("could not look for new tenants", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            return nil
        }
    }
}

/// The wake signal of each hosted tenant, shared by the supervisor and the listener.
actor WakeRegistry {
    private var signals: [UUID: WakeSignal] = [:]
    /// Signalled whenever a tenant is hosted or retired (the change listener then
    /// listens to the new set of channels).
    nonisolated let membership = WakeSignal()

    /// The tenant's signal, made on first use.
    func signal(for tenant: UUID) async -> WakeSignal {
        await signals(for: [tenant])[0]
    }

    /// The signals of several tenants, in their order, made on first use, with one
    /// membership change.
    func signals(for tenants: [UUID]) async -> [WakeSignal] {
        var made = false
        let result = tenants.map { tenant in
            if let signal = signals[tenant] { return signal }
            let signal = WakeSignal()
            signals[tenant] = signal
            made = true
            return signal
        }
        if made { await membership.signal() }
        return result
    }

    /// The tenant's signal if it is hosted here.
    func existing(_ tenant: UUID) -> WakeSignal? { signals[tenant] }

    /// Ends the tenant's service; a later start makes it a fresh signal.
    func retire(_ tenant: UUID) async {
        guard let signal = signals.removeValue(forKey: tenant) else { return }
        await signal.retire()
        await membership.signal()
    }

    /// Every hosted tenant's signal, by tenant id.
    func hosted() -> [UUID: WakeSignal] { signals }
}
