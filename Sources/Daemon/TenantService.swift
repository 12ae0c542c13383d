import Logging
import ServiceLifecycle
import Storage

/// The service that does one hosted tenant's work. Each hosted tenant gets its own,
/// so that one tenant's failures stay its own. (The scheduler and dispatcher of
/// later issues run inside it; for now it announces itself and waits for shutdown.)
struct TenantService: Service {
    let tenant: Tenant
    let database: Database
    let logger: Logger

    init(tenant: Tenant, database: Database, logger: Logger) {
        self.tenant = tenant
        self.database = database
        var logger = logger
        logger[metadataKey: "tenant"] = "\(tenant.slug)"
        self.logger = logger
    }

    func run() async throws {
        logger.info("tenant service started", metadata: ["tenant.time_zone": "\(tenant.timeZone)"])
        try? await gracefulShutdown()
        logger.info("tenant service stopped")
    }
}
