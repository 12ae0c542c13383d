import Foundation
import PostgresNIO

/// A parsed `postgres://user:password@host:port/database?sslmode=…&sslrootcert=…` URL.
///
/// `sslmode` follows libpq: `disable`, `prefer`, `require` (encrypted, certificate not
/// verified) and `verify-full` (encrypted, the certificate verified against the trust
/// roots and the host name). Without it, a server on this machine (loopback address or
/// Unix socket) gets `prefer` and any other `verify-full`; an explicit weaker mode for
/// another machine is taken as asked, and ``transportWarning`` says what it risks.
/// `sslrootcert` names a PEM file of the trust roots for `verify-full` (`system`, the
/// default, is the system's store). A `host` query parameter naming a directory
/// selects a Unix socket. The password is kept out of `description`.
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
    /// The PEM file of trust roots for `verify-full`; nil for the system's store.
    public let rootCertificateFile: String?

    /// Parses a URL; `key` names the setting it came from, for the error message.
    public init(parsing text: String, key: String = "ATTEST_DATABASE_URL") throws(StorageError) {
        func fail(_ what: String) -> StorageError {
            StorageError(.invalidDatabaseURL, "\(key): \(what) (expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full][&sslrootcert=FILE])")
        }
        guard let components = URLComponents(string: text) else { throw fail("not a URL") }
        guard components.scheme == "postgres" || components.scheme == "postgresql" else {
            throw fail("the scheme must be postgres://")
        }
        guard let user = components.user, !user.isEmpty else { throw fail("no user name") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else { throw fail("no database name") }
        var tlsMode: TLSMode?
        var socketDirectory: String?
        var rootCertificateFile: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw fail("unknown sslmode \"\(item.value ?? "")\"")
                }
                tlsMode = mode
            case "sslrootcert":
                guard let file = item.value, !file.isEmpty else { throw fail("sslrootcert names no file") }
                rootCertificateFile = file == "system" ? nil : file
            case "host" where item.value?.hasPrefix("/") == true:
                socketDirectory = item.value
            default:
                throw fail("unknown parameter \"\(item.name)\"")
            }
        }
        let host = components.host ?? ""
        guard !host.isEmpty || socketDirectory != nil else { throw fail("no host") }
        if let port = components.port, !(1...65535).contains(port) { throw fail("port out of range") }
        let local = socketDirectory != nil || Self.isLoopback(host)
        let mode = tlsMode ?? (local ? .prefer : .verifyFull)
        if let rootCertificateFile {
            guard mode == .verifyFull else { throw fail("sslrootcert is used only with sslmode=verify-full") }
            guard FileManager.default.isReadableFile(atPath: rootCertificateFile) else {
                throw fail("sslrootcert: cannot read \(rootCertificateFile)")
            }
        }
        self.host = host
        self.port = components.port ?? 5432
        self.socketDirectory = socketDirectory
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = path.removingPercentEncoding ?? path
        self.tlsMode = mode
        self.rootCertificateFile = rootCertificateFile
    }

    /// Whether `host` is this machine: `localhost`, 127.0.0.0/8 or ::1.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        return bare == "localhost" || bare == "::1" || (octets.count == 4 && !octets.contains(nil) && octets[0] == 127)
    }

    /// What the connection risks when it reaches another machine without a verified
    /// certificate (an explicit `sslmode` below `verify-full`); nil otherwise. Daemons
    /// log it at start-up.
    public var transportWarning: String? {
        guard socketDirectory == nil, !Self.isLoopback(host) else { return nil }
        switch tlsMode {
        case .verifyFull: return nil
        case .disable: return "the database at \(serverDescription) is reached without TLS (sslmode=disable): passwords and records cross the network in clear"
        case .prefer, .require:
            return "the database at \(serverDescription) is reached without verifying its certificate (sslmode=\(tlsMode.rawValue)): anyone on the path can pose as it; use sslmode=verify-full"
        }
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
            if let rootCertificateFile { tls.trustRoots = .file(rootCertificateFile) }
            return (tls, true)
        }
    }
}
