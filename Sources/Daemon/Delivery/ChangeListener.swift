import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Storage

/// One LISTEN connection per daemon, listening on the wake channel of every tenant it
/// hosts (migration 019: `attest_` and 32 random hex digits, readable only by the
/// roles that may see the tenant; notifications carry no payload). A notification
/// wakes that tenant's scheduler; many of them before its next pass still make one
/// pass. The channels are listened to again when the hosted tenants change, and on
/// reconnection, with backoff, after the database went away; a lost notification is
/// covered by the schedulers' periodic safety pass.
final class ChangeListener: Service, Sendable {
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

    /// On one connection: listens to the hosted tenants' channels until they change,
    /// then again. Wakes every tenant once first: changes may have happened meanwhile.
    private func listen() async throws {
        try await database.client.withConnection { connection in
            var connected = true
            while !Task.isCancelled {
                let hosted = await wakes.hosted()
                let channels = try await TenantRepository.wakeChannels(of: Array(hosted.keys), connection: connection, logger: logger)
                logger.debug("listening for changes", metadata: ["channels": "\(channels.count)"])
                if connected {
                    for signal in hosted.values { await signal.signal() }
                    connected = false
                }
                try await listen(on: channels, waking: hosted, connection: connection)
            }
        }
    }

    /// Listens to each channel, waking its tenant's signal, until the hosted tenants change.
    private func listen(on channels: [UUID: String], waking hosted: [UUID: WakeSignal], connection: PostgresConnection) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (tenant, channel) in channels {
                guard let signal = hosted[tenant] else { continue }
                group.addTask {
                    try await connection.listen(on: channel) { notifications in
                        for try await _ in notifications { await signal.signal() }
                    }
                }
            }
            let membership = wakes.membership
            group.addTask { await membership.wait(upTo: .seconds(3_600)) }
            try await group.next()
            group.cancelAll()
        }
    }

    private func backoff(_ failures: Int) -> Int { min(60, 1 << min(failures, 6)) }
}
