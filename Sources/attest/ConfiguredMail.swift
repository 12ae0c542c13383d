import Daemon
import Foundation
import Mailer

/// The mail transport and sender of the configuration, for commands that send mail:
/// a tenant's own (`ATTEST_TENANT_<SLUG>_SMTP_URL`, `…_SMTP_CA_FILE`, `…_MAIL_FROM`)
/// where it has them, as the daemon sends that tenant's reminders, else the process-wide
/// ones (`ATTEST_SMTP_URL`, `ATTEST_SMTP_CA_FILE`, `ATTEST_MAIL_FROM`).
struct ConfiguredMail {
    let transport: any MailTransport
    let sender: MailAddress

    /// - Parameter slug: the tenant the mail is sent for, or nil for the process-wide settings.
    /// - Throws: ``MailCommandError`` naming the key that is missing or wrong.
    init(_ context: CommandContext, tenant slug: String? = nil) throws {
        let configuration = context.configuration
        let own = slug.flatMap { configuration.tenantMail[$0] } ?? TenantMailSettings()
        func ownKey(_ key: ConfigurationKey) -> String { slug.map { key.forTenant($0).environmentName } ?? key.environmentName }
        if own.smtpCAFile != nil, own.smtpURL == nil {
            throw MailCommandError("\(ownKey(.smtpCAFile)): set without \(ownKey(.smtpURL)); a CA file belongs to the tenant's own relay")
        }
        let (url, caFile) = own.smtpURL != nil ? (own.smtpURL, own.smtpCAFile) : (configuration.smtpURL, configuration.smtpCAFile)
        guard let url else {
            throw MailCommandError("ATTEST_SMTP_URL: not set (smtp://USER:PASS@HOST:587, smtps://HOST:465 or maildir:PATH)")
        }
        let (from, fromKey) = own.mailFrom != nil ? (own.mailFrom, ownKey(.mailFrom)) : (configuration.mailFrom, ConfigurationKey.mailFrom.environmentName)
        guard let from else {
            throw MailCommandError("ATTEST_MAIL_FROM: not set (the sender, e.g. Attest <attest@agency.example>)")
        }
        sender = try address(from, key: fromKey)
        transport = try MailTransportFactory.make(url: url, caFile: caFile, logger: context.logger)
    }
}

/// Parses an address, naming the option or key when it is wrong.
func address(_ text: String, key: String) throws -> MailAddress {
    do {
        return try MailAddress.parse(text)
    } catch {
        throw MailCommandError("\(key): \(error)")
    }
}

struct MailCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
