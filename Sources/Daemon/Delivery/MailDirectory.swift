import Logging
import Mailer

/// The ``MailSetup`` of each tenant a daemon hosts, all built and checked at start-up.
///
/// A tenant with its own `ATTEST_TENANT_<SLUG>_SMTP_URL` gets its own transport (its own
/// connection pool and rate limit), so its broken or slow relay holds up no other tenant.
/// A tenant with only its own `…_MAIL_FROM` shares the process-wide transport with its
/// own sender; a tenant with neither uses the process-wide setup, or none (reminders
/// scheduled but not sent) when `ATTEST_SMTP_URL` is not set. Setups are made for every
/// configured slug, so a tenant found later under `--all-tenants` finds its own ready.
struct MailDirectory: Sendable {
    /// The process-wide setup (`ATTEST_SMTP_URL`, `ATTEST_MAIL_FROM`), if configured.
    let shared: MailSetup?
    /// The setups of tenants with settings of their own, by slug.
    let own: [String: MailSetup]

    /// The setup a tenant's dispatcher sends with; nil when it has no transport.
    func setup(for slug: String) -> MailSetup? { own[slug] ?? shared }

    /// Finishes the open connections of every transport (QUIT), once the tenants stopped.
    func close() async {
        for setup in own.values { await setup.transport.close() }
        await shared?.transport.close()
    }
}

extension MailDirectory {
    /// Builds every transport of `configuration` and checks each sender and URL.
    ///
    /// - Parameters:
    ///   - hosted: the slugs of the tenants hosted at start-up. A per-tenant key for a
    ///     slug not among them is refused with `--tenant`, and only warned about with
    ///     `--all-tenants` (the tenant may be granted later).
    /// - Throws: ``ConfigurationError`` naming the key at fault (never a password), or
    ///   the error of a shipped template that does not parse.
    init(configuration: AttestConfiguration, selection: TenantSelection, hosted: [String], logger: Logger) throws {
        let builder = MailSetupBuilder(templates: try TemplateSet.shipped(), links: configuration.consoleURL.map(ConsoleLinks.init(base:)),
                                       logger: logger)
        let shared = try configuration.smtpURL.map { url throws(ConfigurationError) in
            try builder.setup(url: url, caFile: configuration.smtpCAFile, from: configuration.mailFrom, keys: .processWide)
        }
        var own: [String: MailSetup] = [:]
        for (slug, settings) in configuration.tenantMail.sorted(by: { $0.key < $1.key }) {
            let key = MailKeys(tenant: slug, settings: settings).firstSet(in: settings)
            try Self.checkHosted(slug, key: key, selection: selection, hosted: Set(hosted), logger: logger)
            own[slug] = try builder.setup(for: slug, route: MailRoute(configuration: configuration, tenant: slug), shared: shared)
        }
        self.init(shared: shared, own: own)
    }

    /// Refuses settings for a tenant `--tenant` does not name (most likely a misspelt
    /// slug); with `--all-tenants` only warns, as the tenant may be granted later.
    private static func checkHosted(_ slug: String, key: String, selection: TenantSelection, hosted: Set<String>,
                                    logger: Logger) throws(ConfigurationError) {
        guard !hosted.contains(slug) else { return }
        guard selection == .all else {
            throw ConfigurationError(key: key, problem: "tenant \"\(slug)\" is not hosted by this daemon (it hosts \(hosted.sorted().joined(separator: ", "))); remove the key or add --tenant \(slug)")
        }
        logger.warning("mail settings for a tenant not hosted (yet): used if it is granted later", metadata: ["tenant": "\(slug)", "key": "\(key)"])
    }
}

/// The configuration keys a setup was made from, for messages that name them.
struct MailKeys {
    let url: ConfigurationKey
    let caFile: ConfigurationKey
    let from: ConfigurationKey

    static let processWide = MailKeys(url: .smtpURL, caFile: .smtpCAFile, from: .mailFrom)

    /// The tenant's own keys; the sender's is the process-wide one when the tenant sets none.
    init(tenant slug: String, settings: TenantMailSettings) {
        self.init(url: ConfigurationKey.smtpURL.forTenant(slug), caFile: ConfigurationKey.smtpCAFile.forTenant(slug),
                  from: settings.mailFrom == nil ? .mailFrom : ConfigurationKey.mailFrom.forTenant(slug))
    }

    init(url: ConfigurationKey, caFile: ConfigurationKey, from: ConfigurationKey) {
        self.url = url
        self.caFile = caFile
        self.from = from
    }

    /// The environment name of the first key the tenant set, for a message about all of them.
    func firstSet(in settings: TenantMailSettings) -> String {
        (settings.smtpURL != nil ? url : settings.smtpCAFile != nil ? caFile : from).environmentName
    }
}

/// Makes checked ``MailSetup``s from configuration values.
private struct MailSetupBuilder {
    let templates: TemplateSet
    let links: ConsoleLinks?
    let logger: Logger

    /// One tenant's setup: its own transport when it has its own URL, else the shared
    /// transport with its own sender.
    func setup(for slug: String, route: MailRoute, shared: MailSetup?) throws(ConfigurationError) -> MailSetup? {
        let keys = route.keys
        var logger = logger
        logger[metadataKey: "tenant"] = "\(slug)"
        if route.hasOwnRelay, let url = route.url {
            guard let from = route.from else {
                throw ConfigurationError(key: ConfigurationKey.mailFrom.forTenant(slug).environmentName,
                                         problem: "not set: the sender of reminders is required with \(keys.url.environmentName) (or \(ConfigurationKey.mailFrom.environmentName) for every tenant)")
            }
            return try MailSetupBuilder(templates: templates, links: links, logger: logger)
                .setup(url: url, caFile: route.caFile, from: from, keys: keys)
        }
        guard route.hasOwnSender, let from = route.from else { return shared }
        guard let shared else {
            throw ConfigurationError(key: keys.from.environmentName, problem: "no relay for this tenant: set \(keys.url.environmentName) or \(ConfigurationKey.smtpURL.environmentName)")
        }
        let sender = try address(from, key: keys.from)
        logger.info("tenant sender ready, through the process-wide transport")
        return MailSetup(transport: shared.transport, composer: DeliveryComposer(templates: templates, sender: sender, links: links))
    }

    /// A setup with a transport of its own, checked now (a bad URL or CA file, or a
    /// missing or malformed sender, stops the daemon before it starts).
    func setup(url: String, caFile: String?, from: String?, keys: MailKeys) throws(ConfigurationError) -> MailSetup {
        guard let from else {
            throw ConfigurationError(key: keys.from.environmentName, problem: "not set: the sender of reminders is required with \(keys.url.environmentName)")
        }
        let sender = try address(from, key: keys.from)
        let transport: any MailTransport
        do {
            transport = try MailTransportFactory.make(url: url, caFile: caFile, logger: logger)
        } catch {
            throw ConfigurationError(key: keys.url.environmentName, problem: error.description)
        }
        logger.info("mail transport ready", metadata: ["smtp.url": "\(MailTransportFactory.redacted(url))"])
        return MailSetup(transport: transport, composer: DeliveryComposer(templates: templates, sender: sender, links: links))
    }

    private func address(_ text: String, key: ConfigurationKey) throws(ConfigurationError) -> MailAddress {
        do {
            return try MailAddress.parse(text)
        } catch {
            throw ConfigurationError(key: key.environmentName, problem: "\(error)")
        }
    }
}
