/// One tenant's own mail settings, from `ATTEST_TENANT_<SLUG>_SMTP_URL`,
/// `…_SMTP_CA_FILE` and `…_MAIL_FROM` (or the file's `tenant.<slug>` section).
///
/// They live in the configuration, not in the database, because the SMTP URL holds the
/// relay's password: the database is shared by every tenant and read by operators and
/// backups, whereas a tenant's settings can stay in its unit's env file (mode 0600) or
/// in the daemon's own configuration file. A setting left out falls back to the
/// process-wide one, except the CA file, which belongs to the relay it was given with.
public struct TenantMailSettings: Sendable, Equatable {
    /// The tenant's own transport URL (a secret: never logged unredacted).
    public var smtpURL: String?
    /// A PEM file of a private CA for the tenant's own relay.
    public var smtpCAFile: String?
    /// The tenant's own sender of reminders.
    public var mailFrom: String?

    public init(smtpURL: String? = nil, smtpCAFile: String? = nil, mailFrom: String? = nil) {
        self.smtpURL = smtpURL
        self.smtpCAFile = smtpCAFile
        self.mailFrom = mailFrom
    }
}
