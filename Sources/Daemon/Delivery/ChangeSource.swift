import Foundation
import Storage

/// How a daemon hears that a tenant's records changed, from its configuration.
///
/// LISTEN needs a connection that stays the daemon's: a pooler in transaction mode
/// (PgBouncer's `pool_mode = transaction`) lends a server connection for one
/// transaction at a time, so a LISTEN through it is registered on a connection that
/// soon serves someone else, and its notifications are lost.
enum ChangeSource: Sendable {
    /// LISTEN on one connection of the daemon's pool (a direct or session-pooled URL).
    case listenOnPool
    /// LISTEN on a direct connection of its own (`ATTEST_LISTEN_DATABASE_URL`).
    case listen(DatabaseURL)
    /// No LISTEN: every hosted tenant is woken once per interval.
    case poll(Duration)

    /// The source `configuration` asks for, beside the pool's `databaseURL`.
    init(configuration: AttestConfiguration, databaseURL: DatabaseURL) throws(ConfigurationError) {
        if let listenURL = configuration.listenDatabaseURL {
            // The channels LISTEN may learn are those of the tenants its role may see.
            guard listenURL.username == databaseURL.username else {
                throw ConfigurationError(
                    key: ConfigurationKey.listenDatabaseURL.environmentName,
                    problem: "its role \"\(listenURL.username)\" is not ATTEST_DATABASE_URL's \"\(databaseURL.username)\"; give the same role, connected directly")
            }
            self = .listen(listenURL)
        } else if configuration.databasePooling == .transaction {
            self = .poll(configuration.pollInterval)
        } else {
            self = .listenOnPool
        }
    }

    /// Whether it keeps one connection of the daemon's pool.
    var usesPool: Bool {
        if case .listenOnPool = self { true } else { false }
    }
}
