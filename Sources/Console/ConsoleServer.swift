import Foundation
import Hummingbird
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage
import UnixSignals
import WebCommon

/// `attest console`: the operators' web console, its own process and database role.
///
/// Start-up refuses a database role that is not a console role (see
/// ``ServerSafetyCheck/verifyConsoleRole()``). Then one `ServiceGroup` runs the Postgres
/// client and the HTTP server until SIGTERM or SIGINT.
public struct ConsoleServer: Sendable {
    private let settings: ConsoleSettings
    private let databaseURL: DatabaseURL
    private let poolSize: Int
    private let shutdownTimeout: Duration
    private let logger: Logger

    public init(settings: ConsoleSettings, databaseURL: DatabaseURL, poolSize: Int, shutdownTimeout: Duration, logger: Logger) {
        self.settings = settings
        self.databaseURL = databaseURL
        self.poolSize = poolSize
        self.shutdownTimeout = shutdownTimeout
        self.logger = logger
    }

    /// Runs until a shutdown signal. Throws before starting anything if a check fails.
    public func run() async throws {
        if let warning = databaseURL.transportWarning { logger.warning("\(warning)") }
        try await Database.withRunningClient(databaseURL, logger: logger, poolSize: 1) { database in
            try await ServerSafetyCheck(database: database).verifyConsoleRole()
        }
        let client = PostgresClient(configuration: databaseURL.clientConfiguration(poolSize: poolSize), backgroundLogger: logger)
        let database = Database(client: client, logger: logger)
        let logger = self.logger
        let application = Application(
            router: Self.router(database: database, settings: settings, logger: logger),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "attest-console"),
            onServerRunning: { channel in
                let address = channel.localAddress.map { "http://\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
                logger.info("console listening", metadata: ["http.address": "\(address)"])
            },
            logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: client), .init(service: application)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        configuration.cancellationSignals = []
        try await ServiceGroup(configuration: configuration).run()
        logger.info("console stopped")
    }

    /// The console's routes over `database` (tests build it directly).
    public static func router(database: Database, settings: ConsoleSettings, logger: Logger) -> Router<ConsoleRequestContext> {
        let store = ConsoleSessionStore(database: database, idleTimeout: settings.idleTimeout, absoluteTimeout: settings.absoluteTimeout)
        let scope = ConsoleScope(store: store, logger: logger)
        let router = Router(context: ConsoleRequestContext.self)
        router.add(middleware: NotFoundPageMiddleware())
        router.add(middleware: SessionMiddleware(store: store))
        SignInController(store: store, throttle: SignInThrottle(failures: SignInFailureRepository(database: database), policy: settings.lockout),
                         settings: settings).addRoutes(to: router)
        ConsoleController(scope: scope).addRoutes(to: router)
        RecordListPages(scope: scope).addRoutes(to: router)
        HireController(scope: scope).addRoutes(to: router)
        DeliveriesController(scope: scope).addRoutes(to: router)
        AdminController(scope: scope).addRoutes(to: router)
        TipController(scope: scope, keys: settings.tipKeys).addRoutes(to: router)
        ImportController(scope: scope, maxBytes: settings.uploadLimit, streamFrom: settings.streamUploadsFrom).addRoutes(to: router)
        return router
    }
}

/// Unknown paths get the console's own 404 page, and a failure its own 500 page (the
/// error is logged, never shown).
struct NotFoundPageMiddleware: RouterMiddleware {
    typealias Context = ConsoleRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ConsolePageError {
            throw error
        } catch let error as HTTPError where error.status == .notFound {
            throw ConsolePageError.notFound
        } catch let error as HTTPError {
            throw error
        } catch {
            context.logger.error("console page failed", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            throw ConsolePageError(kind: .page(.internalServerError, title: "Something went wrong",
                                               message: "The page could not be made. The error was logged; try again in a moment."))
        }
    }
}
