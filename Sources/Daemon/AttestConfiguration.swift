import Configuration
import Foundation
import Logging
import Storage
import SystemPackage

/// Attest's settings, read with swift-configuration from `ATTEST_…` environment
/// variables and an optional JSON file (`ATTEST_CONFIG_FILE`).
///
/// Loading fails on the first unknown, malformed or out-of-range key, with a message
/// naming it; secrets (database and SMTP URLs) are never part of a message. Besides the
/// fixed keys (``ConfigurationKey/all``) a tenant may have its own mail settings
/// (``ConfigurationKey/perTenant``, ``tenantMail``); whether its slug is hosted is
/// checked when the daemon starts, which knows the tenants.
public struct AttestConfiguration: Sendable {
    /// How log lines are written.
    public enum LogFormat: String, Sendable, CaseIterable {
        case json, text, auto
    }

    /// How the database URL's connections are pooled on the way to the server.
    public enum DatabasePooling: String, Sendable, CaseIterable {
        /// A connection is the client's for as long as it holds it (directly to the
        /// server, or a pooler in session mode): LISTEN works on it.
        case session
        /// A pooler in transaction mode lends a server connection for one transaction
        /// at a time: no LISTEN, no session state.
        case transaction
    }

    /// The database URL, if configured.
    public var databaseURL: DatabaseURL?
    public var databasePoolSize: Int
    public var databasePooling: DatabasePooling
    /// A direct connection's URL for LISTEN (`ATTEST_LISTEN_DATABASE_URL`), if configured.
    public var listenDatabaseURL: DatabaseURL?
    /// Without LISTEN, how often every hosted tenant's scheduler is woken.
    public var pollInterval: Duration
    /// Database connections for public requests, beyond the pool (``PublicGate``).
    public var publicConcurrency: Int
    public var httpHost: String
    public var httpPort: Int
    /// A separate listener for `/metrics`, `/healthz` and `/readyz`
    /// (`ATTEST_ADMIN_BIND`); nil: the main listener serves them.
    public var adminBind: (host: String, port: Int)?
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var shutdownTimeout: Duration
    /// With `--all-tenants`, how often to look for newly granted tenants.
    public var tenantDiscoveryInterval: Duration
    /// Claim/send/record loops each tenant runs while it has mail due.
    public var dispatchers: Int
    /// The mail transport URL (validated by the mail layer), if configured.
    public var smtpURL: String?
    public var smtpCAFile: String?
    public var mailFrom: String?
    /// The directory of private tip keys (read by ``tipKeyRing()``), if configured.
    public var tipKeyDirectory: String?
    /// The file of the legacy symmetric tip key (read by ``tipKeyRing()``), if configured.
    public var tipKeyFile: String?
    /// Each tenant's own mail settings, by slug (only tenants that set at least one).
    public var tenantMail: [String: TenantMailSettings]
    /// The console's public address, which reminders link to (nil: no links).
    public var consoleURL: String?
    /// Where the web console listens.
    public var consoleHost: String
    public var consolePort: Int
    /// How long a console session lives without a request, and at most.
    public var consoleIdleTimeout: Duration
    public var consoleAbsoluteTimeout: Duration
    /// Reverse proxies whose forwarding headers are believed.
    public var trustedProxies: Set<String>

    /// The database URL, or an error saying it must be set.
    public func requireDatabaseURL() throws(ConfigurationError) -> DatabaseURL {
        guard let databaseURL else {
            throw ConfigurationError(key: ConfigurationKey.databaseURL.environmentName,
                                     problem: "not set: give the postgres:// URL of the database (see README, Configuration)")
        }
        return databaseURL
    }

    /// Reads the configuration from `environment` (the process environment by default).
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws(ConfigurationError) -> AttestConfiguration {
        let (attestVariables, environmentSlugs) = try knownVariables(in: environment)
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: attestVariables)]
        var tenantSlugs = environmentSlugs
        if let path = attestVariables["CONFIG_FILE"] {
            tenantSlugs.formUnion(try checkFileKeys(path: path))
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
            } catch {
                throw ConfigurationError(key: ConfigurationKey.configFile.environmentName, problem: "cannot read \(path): \(error)")
            }
        }
        return try AttestConfiguration(reader: ConfigReader(providers: providers), tenantSlugs: tenantSlugs)
    }

    private init(reader: ConfigReader, tenantSlugs: Set<String>) throws(ConfigurationError) {
        let values = ConfigurationValues(reader: reader)
        databaseURL = try values.databaseURL()
        databasePoolSize = try values.integer(.databasePoolSize, default: 4, range: 1...50)
        databasePooling = try values.choice(.databasePooling, default: .session)
        listenDatabaseURL = try values.databaseURL(.listenDatabaseURL)
        pollInterval = .seconds(try values.integer(.pollSeconds, default: 30, range: 1...3_600))
        publicConcurrency = try values.integer(.publicConcurrency, default: 2, range: 1...20)
        (httpHost, httpPort) = try values.hostAndPort(.httpBind, default: ("127.0.0.1", 8080))
        adminBind = values.string(.adminBind) == nil ? nil : try values.hostAndPort(.adminBind, default: ("127.0.0.1", 9090))
        logLevel = try values.choice(.logLevel, default: .info)
        logFormat = try values.choice(.logFormat, default: .auto)
        shutdownTimeout = .seconds(try values.integer(.shutdownTimeout, default: 10, range: 1...600))
        tenantDiscoveryInterval = .seconds(try values.integer(.tenantDiscovery, default: 60, range: 1...86_400))
        dispatchers = try values.integer(.dispatchers, default: 1, range: 1...16)
        smtpURL = values.string(.smtpURL)
        smtpCAFile = values.string(.smtpCAFile)
        mailFrom = values.string(.mailFrom)
        tipKeyDirectory = values.string(.tipKeyDirectory)
        tipKeyFile = values.string(.tipKeyFile)
        consoleURL = try values.webAddress(.consoleURL)
        (consoleHost, consolePort) = try values.hostAndPort(.consoleBind, default: ("127.0.0.1", 8081))
        consoleIdleTimeout = .seconds(try values.integer(.consoleIdle, default: 1_800, range: 1...86_400))
        consoleAbsoluteTimeout = .seconds(try values.integer(.consoleAbsolute, default: 43_200, range: 60...604_800))
        trustedProxies = try values.addresses(.trustedProxies)
        tenantMail = [:]
        for slug in tenantSlugs {
            let settings = TenantMailSettings(smtpURL: values.string(.smtpURL, tenant: slug),
                                              smtpCAFile: values.string(.smtpCAFile, tenant: slug),
                                              mailFrom: values.string(.mailFrom, tenant: slug))
            if settings != TenantMailSettings() { tenantMail[slug] = settings }
        }
    }

    /// The `ATTEST_…` variables with the prefix removed, and the slugs named by
    /// per-tenant ones; an unknown variable is an error.
    private static func knownVariables(in environment: [String: String]) throws(ConfigurationError) -> ([String: String], Set<String>) {
        let known = Set(ConfigurationKey.all.map(\.environmentName))
        var variables: [String: String] = [:]
        var slugs: Set<String> = []
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("ATTEST_") {
            if name.hasPrefix("ATTEST_TEST_") { continue }  // the test suite's own settings
            if let slug = try TenantKeyName.slug(environmentName: name) {
                slugs.insert(slug)
            } else if !known.contains(name) {
                throw ConfigurationError(key: name, problem: "unknown configuration key (known keys: \(known.sorted().joined(separator: ", ")), and ATTEST_TENANT_<SLUG>_… per tenant)")
            }
            variables[String(name.dropFirst("ATTEST_".count))] = value
        }
        return (variables, slugs)
    }

    /// Refuses a configuration file that holds keys Attest does not know; returns the
    /// slugs of its `tenant` section.
    private static func checkFileKeys(path: String) throws(ConfigurationError) -> Set<String> {
        let key = ConfigurationKey.configFile.environmentName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: key, problem: "cannot read \(path)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigurationError(key: key, problem: "\(path) is not a JSON object")
        }
        let known = Set(ConfigurationKey.all.map(\.name))
        var slugs: Set<String> = []
        for name in leafKeys(object, prefix: "") where !known.contains(name) {
            do throws(ConfigurationError) {
                guard let slug = try TenantKeyName.slug(filePath: name) else {
                    throw ConfigurationError(key: name, problem: "unknown configuration key")
                }
                slugs.insert(slug)
            } catch {
                throw ConfigurationError(key: "\(path): \(name)", problem: error.problem)
            }
        }
        return slugs
    }

    private static func leafKeys(_ object: [String: Any], prefix: String) -> [String] {
        object.keys.sorted().flatMap { name -> [String] in
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            if let nested = object[name] as? [String: Any] { return leafKeys(nested, prefix: path) }
            return [path]
        }
    }
}

/// Typed reads of configuration values, each failing with the key's name.
private struct ConfigurationValues {
    let reader: ConfigReader

    func string(_ key: ConfigurationKey, tenant slug: String) -> String? {
        string(key.forTenant(slug))
    }

    func string(_ key: ConfigurationKey) -> String? {
        guard let value = reader.string(forKey: ConfigKey(key.components), isSecret: key.isSecret) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    func databaseURL(_ key: ConfigurationKey = .databaseURL) throws(ConfigurationError) -> DatabaseURL? {
        guard let text = string(key) else { return nil }
        do {
            return try DatabaseURL(parsing: text, key: key.environmentName)
        } catch {
            throw ConfigurationError(key: key.environmentName, problem: error.message.replacingOccurrences(of: "\(key.environmentName): ", with: ""))
        }
    }

    func integer(_ key: ConfigurationKey, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = string(key) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(key: key.environmentName, problem: "\"\(text)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func choice<Value: RawRepresentable & CaseIterable>(
        _ key: ConfigurationKey, default fallback: Value
    ) throws(ConfigurationError) -> Value where Value.RawValue == String {
        guard let text = string(key) else { return fallback }
        guard let value = Value(rawValue: text.lowercased()) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(key: key.environmentName, problem: "\"\(text)\" is not one of \(allowed)")
        }
        return value
    }

    /// A comma-separated list of IP addresses (IPv4 dotted, IPv6 with colons).
    /// An `http(s)://host[:port][/path]` address, without query or fragment; nil when unset.
    func webAddress(_ key: ConfigurationKey) throws(ConfigurationError) -> String? {
        guard let text = string(key) else { return nil }
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil else {
            throw ConfigurationError(key: key.environmentName, problem: "\"\(text)\" is not an http:// or https:// address without query or fragment")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    func addresses(_ key: ConfigurationKey) throws(ConfigurationError) -> Set<String> {
        guard let text = string(key) else { return [] }
        var addresses: Set<String> = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let isIPv4 = part.split(separator: ".", omittingEmptySubsequences: false).count == 4
                && part.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { UInt8($0) != nil }
            let isIPv6 = part.contains(":") && part.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
            guard isIPv4 || isIPv6 else {
                throw ConfigurationError(key: key.environmentName, problem: "\"\(part)\" is not an IP address (give addresses separated by commas)")
            }
            addresses.insert(part.lowercased())
        }
        return addresses
    }

    func hostAndPort(_ key: ConfigurationKey, default fallback: (String, Int)) throws(ConfigurationError) -> (String, Int) {
        guard let text = string(key) else { return fallback }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port), colon != text.startIndex
        else {
            throw ConfigurationError(key: key.environmentName, problem: "\"\(text)\" is not HOST:PORT (for example 127.0.0.1:8080)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }
}
