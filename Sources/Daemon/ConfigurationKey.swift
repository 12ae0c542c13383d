import Foundation

/// Every configuration key Attest reads, with its documentation.
///
/// Keys are set as environment variables (`ATTEST_DATABASE_URL`) or in the optional
/// JSON file named by `ATTEST_CONFIG_FILE`, nested by the dotted name
/// (`{"database": {"url": "…"}}`). The environment wins over the file.
public struct ConfigurationKey: Sendable, Hashable {
    /// Dotted name, e.g. `database.url`.
    public let name: String
    /// Whether the value is secret (never printed).
    public let isSecret: Bool
    /// One-line description for the README.
    public let summary: String

    /// The environment variable: `ATTEST_` + the dotted name upper-cased, every character
    /// other than a letter or digit (`.`, and `-` in a tenant slug) written `_`, as
    /// swift-configuration's environment provider looks it up.
    public var environmentName: String {
        "ATTEST_" + String(name.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The path of the key inside the configuration file.
    public var components: [String] { name.split(separator: ".").map(String.init) }

    public static let configFile = Self(name: "config.file", isSecret: false, summary: "Path of an optional JSON configuration file.")
    public static let databaseURL = Self(name: "database.url", isSecret: true, summary: "postgres:// URL of the database, with the role this command runs as.")
    public static let databasePoolSize = Self(name: "database.pool.size", isSecret: false, summary: "Connections per daemon (default 4).")
    public static let databasePooling = Self(name: "database.pooling", isSecret: false, summary: "session (default) or transaction: transaction when ATTEST_DATABASE_URL goes through a pooler in transaction mode (PgBouncer's pool_mode = transaction), which LISTEN cannot pass.")
    public static let listenDatabaseURL = Self(name: "listen.database.url", isSecret: true, summary: "postgres:// URL of a direct connection (same role, no pooler) for LISTEN when ATTEST_DATABASE_URL goes through a transaction pooler.")
    public static let pollSeconds = Self(name: "poll.seconds", isSecret: false, summary: "Behind a transaction pooler without ATTEST_LISTEN_DATABASE_URL: seconds between wake-ups of every tenant's scheduler (default 30).")
    public static let publicConcurrency = Self(name: "public.concurrency", isSecret: false, summary: "Database connections for public requests (tip form, API), beyond the pool; more wait briefly or get 503 (default 2).")
    public static let httpBind = Self(name: "http.bind", isSecret: false, summary: "HOST:PORT the daemon's HTTP server listens on (default 127.0.0.1:8080).")
    public static let adminBind = Self(name: "admin.bind", isSecret: false, summary: "HOST:PORT of a separate listener for /metrics, /healthz and /readyz; when set, the main listener no longer serves them (default: unset).")
    public static let logLevel = Self(name: "log.level", isSecret: false, summary: "trace, debug, info (default), notice, warning, error or critical.")
    public static let logFormat = Self(name: "log.format", isSecret: false, summary: "json, text, or auto (default: text on a terminal, JSON lines otherwise).")
    public static let shutdownTimeout = Self(name: "shutdown.timeout", isSecret: false, summary: "Seconds the daemon may take to shut down gracefully (default 10).")
    public static let dispatchers = Self(name: "dispatchers", isSecret: false, summary: "Claim/send/record loops per tenant while it has mail due (default 1, at most 16); each claims 1/(2N) of a batch and holds at most two claims unrecorded, so a crash still repeats at most one batch.")
    public static let tenantDiscovery = Self(name: "tenants.discovery.seconds", isSecret: false, summary: "With --all-tenants: seconds between looks for newly granted tenants (default 60).")
    public static let smtpURL = Self(name: "smtp.url", isSecret: true, summary: "Mail transport: smtp://USER:PASS@HOST:587, smtps://…:465, or maildir:PATH.")
    public static let smtpCAFile = Self(name: "smtp.ca.file", isSecret: false, summary: "PEM file of a private CA to trust for the SMTP relay.")
    public static let mailFrom = Self(name: "mail.from", isSecret: false, summary: "Sender address of reminders, e.g. Attest <attest@agency.example>.")
    public static let tipKeyDirectory = Self(name: "tip.key.dir", isSecret: false, summary: "Directory of the tenants' private tip keys (<key id>.key, mode 0600), where attest tip key rotate writes them and attest tip show and the console read them; the daemon that takes tips needs none.")
    public static let tipKeyFile = Self(name: "tip.key.file", isSecret: false, summary: "The tip key of Attest before per-tenant keys (one base64 32-byte key, mode 0600): read only to open and re-seal tips sealed with it (attest tip key rotate).")
    public static let consoleURL = Self(name: "console.url", isSecret: false, summary: "The operators' console's public address (https://…): reminders then link each task to its page in the console (default: no links).")
    public static let consoleBind = Self(name: "console.bind", isSecret: false, summary: "HOST:PORT the web console (attest console) listens on (default 127.0.0.1:8081).")
    public static let consoleIdle = Self(name: "console.idle.seconds", isSecret: false, summary: "Seconds without a request after which a console session ends (default 1800).")
    public static let consoleAbsolute = Self(name: "console.absolute.seconds", isSecret: false, summary: "Seconds after sign-in at which a console session ends (default 43200).")
    public static let trustedProxies = Self(name: "trusted.proxies", isSecret: false, summary: "Comma-separated IP addresses of reverse proxies whose Forwarded, X-Forwarded-For and X-Forwarded-Proto are believed (console and tip form).")

    /// All keys, in README order.
    public static let all: [ConfigurationKey] = [
        .configFile, .databaseURL, .databasePoolSize, .databasePooling, .listenDatabaseURL, .pollSeconds, .publicConcurrency, .httpBind, .adminBind, .logLevel, .logFormat,
        .shutdownTimeout, .tenantDiscovery, .dispatchers, .smtpURL, .smtpCAFile, .mailFrom, .tipKeyDirectory, .tipKeyFile,
        .consoleURL, .consoleBind, .consoleIdle, .consoleAbsolute, .trustedProxies,
    ]
}

extension ConfigurationKey {
    /// The keys one tenant may set for itself, overriding the process-wide value for
    /// that tenant only (see ``forTenant(_:)``).
    public static let perTenant: [ConfigurationKey] = [.smtpURL, .smtpCAFile, .mailFrom]

    /// This key for one tenant: `tenant.SLUG.` before the name, so `smtp.url` for
    /// `acme-foods` is `ATTEST_TENANT_ACME_FOODS_SMTP_URL` in the environment and
    /// `{"tenant": {"acme-foods": {"smtp": {"url": "…"}}}}` in the file.
    ///
    /// A slug holds only lower-case letters, digits and hyphens, so the environment
    /// name maps back to exactly one slug.
    public func forTenant(_ slug: String) -> ConfigurationKey {
        ConfigurationKey(name: "tenant.\(slug).\(name)", isSecret: isSecret, summary: summary)
    }
}
