import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage

/// One LISTEN connection per daemon: wakes the scheduler of the tenant whose
/// obligations changed (`NOTIFY attest_changes, '<tenant id>'`). Reconnects with
/// backoff when the database goes away; a lost notification is covered by the
/// schedulers' periodic safety pass.
final class ChangeListener: Service, Sendable {
    static let channel = "attest_changes"
    private let database: Database
    private let wakes: WakeRegistry
    private let logger: Logger

    init(database: Database, wakes: WakeRegistry, logger: Logger) {
        self.database = database
        self.wakes = wakes
        self.logger = logger
    }

    func run() async throws {
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown {
                    try await self.listen()
                }
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                failures += 1
                logger.warning("change listener lost its connection; retrying",
                               metadata: ["error": "\(PostgresErrorText.describe(error))", "retry.in_seconds": "\(backoff(failures))"])
                try? await Task.sleep(for: .seconds(backoff(failures)))
            }
        }
    }

    private func listen() async throws {
        try await database.client.withConnection { connection in
            try await connection.listen(on: Self.channel) { notifications in
                logger.debug("listening for changes", metadata: ["channel": "\(Self.channel)"])
                // Wake everyone once on (re)connect: changes may have happened meanwhile.
                for signal in await wakes.all() { await signal.signal() }
                for try await notification in notifications {
                    if let tenant = UUID(uuidString: notification.payload), let signal = await wakes.existing(tenant) {
                        await signal.signal()
                    }
                }
            }
        }
    }

    private func backoff(_ failures: Int) -> Int { min(60, 1 << min(failures, 6)) }
}
