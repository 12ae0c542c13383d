/// Which relay and sender a tenant's mail goes through, and the configuration keys they
/// came from: the tenant's own (`ATTEST_TENANT_<SLUG>_SMTP_URL`, `…_SMTP_CA_FILE`,
/// `…_MAIL_FROM`) where it set them, else the process-wide ones. The one rule for the
/// daemon (``MailDirectory``) and for the commands that send mail for a tenant.
public struct MailRoute: Sendable {
    /// The relay's URL; nil when neither the tenant nor the process sets one.
    public let url: String?
    /// The CA file of that relay.
    public let caFile: String?
    /// The sender; nil when neither the tenant nor the process sets one.
    public let from: String?
    /// Whether the relay is the tenant's own, not the process-wide one.
    public let hasOwnRelay: Bool
    /// Whether the sender is the tenant's own, not the process-wide one.
    public let hasOwnSender: Bool
    let keys: MailKeys

    /// The environment name of the key the sender came from, for messages about it.
    public var fromKey: String { keys.from.environmentName }

    /// The process-wide route, for mail not sent for a tenant.
    public init(configuration: AttestConfiguration) {
        self.init(url: configuration.smtpURL, caFile: configuration.smtpCAFile, from: configuration.mailFrom,
                  hasOwnRelay: false, hasOwnSender: false, keys: .processWide)
    }

    /// The route of tenant `slug`.
    /// - Throws: ``ConfigurationError`` when the tenant sets a CA file without a relay of its own.
    public init(configuration: AttestConfiguration, tenant slug: String) throws(ConfigurationError) {
        guard let settings = configuration.tenantMail[slug] else {
            self.init(configuration: configuration)
            return
        }
        let keys = MailKeys(tenant: slug, settings: settings)
        if settings.smtpCAFile != nil, settings.smtpURL == nil {
            throw ConfigurationError(key: keys.caFile.environmentName, problem: "set without \(keys.url.environmentName): a CA file belongs to the tenant's own relay")
        }
        let ownRelay = settings.smtpURL != nil
        self.init(url: settings.smtpURL ?? configuration.smtpURL,
                  caFile: ownRelay ? settings.smtpCAFile : configuration.smtpCAFile,
                  from: settings.mailFrom ?? configuration.mailFrom,
                  hasOwnRelay: ownRelay, hasOwnSender: settings.mailFrom != nil, keys: keys)
    }

    private init(url: String?, caFile: String?, from: String?, hasOwnRelay: Bool, hasOwnSender: Bool, keys: MailKeys) {
        self.url = url
        self.caFile = caFile
        self.from = from
        self.hasOwnRelay = hasOwnRelay
        self.hasOwnSender = hasOwnSender
        self.keys = keys
    }
}
