import Foundation
import PostgresNIO

/// A parsed `postgres://user:password@host:port/database?sslmode=…` URL.
///
/// `sslmode` follows libpq: `disable`, `prefer` (the default), `require` (encrypted,
/// certificate not verified) and `verify-full` (encrypted and verified). A `host`
/// query parameter naming a directory selects a Unix socket. The password is kept
/// out of `description`.
public struct DatabaseURL: Sendable, CustomStringConvertible {
    /// The TLS policy for the connection.
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public let host: String
    public let port: Int
    public let socketDirectory: String?
    public let username: String
    public let password: String?
    public let database: String
    public let tlsMode: TLSMode

    /// Parses a URL; `key` names the setting it came from, for the error message.
    public init(parsing text: String, key: String = "ATTEST_DATABASE_URL") throws(StorageError) {
        func fail(_ what: String) -> StorageError {
            StorageError(.invalidDatabaseURL, "\(key): \(what) (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full])")
        }
        guard let components = URLComponents(string: text) else { throw fail("not a URL") }
        guard components.scheme == "postgres" || components.scheme == "postgresql" else {
            throw fail("the scheme must be postgres://")
        }
        guard let user = components.user, !user.isEmpty else { throw fail("no user name") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else { throw fail("no database name") }
        var tlsMode = TLSMode.prefer
        var socketDirectory: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw fail("unknown sslmode \"\(item.value ?? "")\"")
                }
                tlsMode = mode
            case "host" where item.value?.hasPrefix("/") == true:
                socketDirectory = item.value
            default:
                throw fail("unknown parameter \"\(item.name)\"")
            }
        }
        let host = components.host ?? ""
        guard !host.isEmpty || socketDirectory != nil else { throw fail("no host") }
        if let port = components.port, !(1...65535).contains(port) { throw fail("port out of range") }
        self.host = host
        self.port = components.port ?? 5432
        self.socketDirectory = socketDirectory
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = path.removingPercentEncoding ?? path
        self.tlsMode = tlsMode
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        let credentials = password == nil ? username : "\(username):***"
        let location = socketDirectory.map { "\(host)?host=\($0)" } ?? "\(host):\(port)"
        return "postgres://\(credentials)@\(location)/\(database)"
    }

    /// Where the server is, for messages: `host:port` or the socket path.
    public var serverDescription: String {
        socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } ?? "\(host):\(port)"
    }

    /// The postgres-nio client configuration for this URL.
    public func clientConfiguration(poolSize: Int) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: username, password: password, database: database)
        } else {
            configuration = .init(
                host: host, port: port, username: username, password: password,
                database: database, tls: clientTLS)
        }
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.connectionIdleTimeout = .seconds(60)
        return configuration
    }

    private var clientTLS: PostgresClient.Configuration.TLS {
        guard let (tls, required) = tlsSettings else { return .disable }
        return required ? .require(tls) : .prefer(tls)
    }

    /// The TLS settings for a single connection (used to probe the server).
    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        guard let (tls, required) = tlsSettings else { return .disable }
        let context = try NIOSSLContext(configuration: tls)
        return required ? .require(context) : .prefer(context)
    }

    /// The TLS configuration and whether TLS is mandatory; nil for `disable`.
    private var tlsSettings: (TLSConfiguration, Bool)? {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable:
            return nil
        case .prefer:
            tls.certificateVerification = .none
            return (tls, false)
        case .require:
            tls.certificateVerification = .none
            return (tls, true)
        case .verifyFull:
            return (tls, true)
        }
    }
}
