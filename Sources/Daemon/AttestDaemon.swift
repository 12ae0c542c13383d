import Foundation
import Hummingbird
import Mailer
import Logging
import Metrics
import PostgresNIO
import Prometheus
import ServiceLifecycle
import Storage
import UnixSignals

/// `attest serve`: the long-running daemon for one or more tenants.
///
/// Start-up refuses an unsafe database role or server, and unknown or disabled
/// tenants. Then one `ServiceGroup` runs the Postgres client (first, so it stops
/// last), the HTTP server and one ``TenantService`` per hosted tenant. SIGTERM and
/// SIGINT shut it down gracefully within the configured time.
public struct AttestDaemon: Sendable {
    private let configuration: AttestConfiguration
    private let selection: TenantSelection
    private let logger: Logger

    public init(configuration: AttestConfiguration, selection: TenantSelection, logger: Logger) {
        self.configuration = configuration
        self.selection = selection
        self.logger = logger
    }

    /// Runs until a shutdown signal. Throws before starting anything if a check fails.
    public func run() async throws {
        let url = try configuration.requireDatabaseURL()
        if let warning = url.transportWarning { logger.warning("\(warning)") }
        let tenants = try await checkedTenants(url: url)
        let registry = ShardedPrometheusMetrics()
        MetricsSystem.bootstrap(registry)
        // The pool, plus the public requests' own connections (PublicGate).
        let client = PostgresClient(
            configuration: url.clientConfiguration(poolSize: configuration.databasePoolSize + configuration.publicConcurrency),
            backgroundLogger: logger)
        let database = Database(client: client, logger: logger)
        let changes = try ChangeSource(configuration: configuration, databaseURL: url)
        // A change listener on the pool keeps one connection; tenants' calls share the others.
        await DatabaseCall.gate.resize(to: configuration.databasePoolSize - (changes.usesPool ? 1 : 0))
        // Every tenant's transport, sender and templates, checked before anything starts.
        let mail = try MailDirectory(configuration: configuration, selection: selection, hosted: tenants.map(\.slug), logger: logger)
        let wakes = WakeRegistry()
        let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        let services: [any Service] = [
            client,
            try httpApplication(database: database, registry: registry),
        ] + adminApplication(database: database, registry: registry) + changeServices(changes, database: database, wakes: wakes) + [
            TenantSupervisor(initial: tenants, selection: selection, database: database, mail: mail, wakes: wakes, owner: owner,
                             dispatchers: configuration.dispatchers, discoveryInterval: configuration.tenantDiscoveryInterval, logger: logger),
        ]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownTimeout
        groupConfiguration.cancellationSignals = []
        logger.info("starting", metadata: ["tenants": "\(tenants.map(\.slug).joined(separator: ","))"])
        try await ServiceGroup(configuration: groupConfiguration).run()
        logger.info("stopped")
    }

    /// What wakes the tenants' schedulers when their records change; said at start-up.
    private func changeServices(_ source: ChangeSource, database: Database, wakes: WakeRegistry) -> [any Service] {
        switch source {
        case .listenOnPool:
            return [ChangeListener(database: database, wakes: wakes, logger: logger)]
        case .listen(let url):
            if let warning = url.transportWarning { logger.warning("ATTEST_LISTEN_DATABASE_URL: \(warning)") }
            logger.info("listening for changes on a direct connection (ATTEST_LISTEN_DATABASE_URL)",
                        metadata: ["database.server": "\(url.serverDescription)"])
            let client = PostgresClient(configuration: url.clientConfiguration(poolSize: 1), backgroundLogger: logger)
            return [client, ChangeListener(database: Database(client: client, logger: logger), wakes: wakes, logger: logger)]
        case .poll(let interval):
            logger.warning("""
                ATTEST_DATABASE_POOLING=transaction and no ATTEST_LISTEN_DATABASE_URL: LISTEN cannot pass a transaction \
                pooler, so every tenant's scheduler is woken every \(interval.components.seconds) s (ATTEST_POLL_SECONDS) \
                instead; set ATTEST_LISTEN_DATABASE_URL to a direct connection to hear of changes at once
                """)
            return [ChangePoller(wakes: wakes, interval: interval)]
        }
    }

    /// The start-up checks, through a short-lived connection.
    private func checkedTenants(url: DatabaseURL) async throws -> [Tenant] {
        try await Database.withRunningClient(url, logger: logger, poolSize: 1) { database in
            try await ServerSafetyCheck(database: database).verifyDaemonRole()
            let visible = try await TenantRepository(database: database).list()
            let hosted = try selection.resolve(visible: visible)
            if hosted.isEmpty {
                logger.warning("no tenant to host yet: this role is granted none (attest tenant grant SLUG --role ROLE)")
            }
            return hosted
        }
    }

    /// The public listener: the operators' API and the tip form, and the health and
    /// metrics routes unless an admin listener (`ATTEST_ADMIN_BIND`) serves them.
    private func httpApplication(database: Database, registry: ShardedPrometheusMetrics) throws -> some Service {
        let router = Router(context: DaemonRequestContext.self)
        if configuration.adminBind == nil {
            HealthController(database: database, registry: registry).addRoutes(to: router)
        }
        let gate = PublicGate(permits: configuration.publicConcurrency)
        APIController(database: database, selection: selection, gate: gate).addRoutes(to: router)
        TipFormController(configuration: configuration, selection: selection, database: database, gate: gate, logger: logger)
            .addRoutes(to: router)
        CalendarFeedController(database: database, selection: selection, gate: gate, consoleURL: configuration.consoleURL, logger: logger)
            .addRoutes(to: router)
        return application(router, host: configuration.httpHost, port: configuration.httpPort, announcing: "HTTP server listening")
    }

    /// `/metrics`, `/healthz` and `/readyz` alone, on `ATTEST_ADMIN_BIND` when it is set.
    private func adminApplication(database: Database, registry: ShardedPrometheusMetrics) -> [any Service] {
        guard let bind = configuration.adminBind else { return [] }
        let router = Router(context: DaemonRequestContext.self)
        HealthController(database: database, registry: registry).addRoutes(to: router)
        return [application(router, host: bind.host, port: bind.port, announcing: "admin server listening")]
    }

    private func application(_ router: Router<DaemonRequestContext>, host: String, port: Int, announcing message: Logger.Message) -> some Service {
        let logger = self.logger
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "attest"),
            onServerRunning: { channel in
                let address = channel.localAddress.map { "http://\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
                logger.info(message, metadata: ["http.address": "\(address)"])
            },
            logger: logger)
    }
}
