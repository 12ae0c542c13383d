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
        let route: MailRoute
        do {
            route = try slug.map { slug throws(ConfigurationError) in try MailRoute(configuration: configuration, tenant: slug) }
                ?? MailRoute(configuration: configuration)
        } catch {
            throw MailCommandError(error.description)
        }
        guard let url = route.url else {
            throw MailCommandError("ATTEST_SMTP_URL: not set (smtp://USER:PASS@HOST:587, smtps://HOST:465 or maildir:PATH)")
        }
        guard let from = route.from else {
            throw MailCommandError("ATTEST_MAIL_FROM: not set (the sender, e.g. Attest <attest@agency.example>)")
        }
        sender = try address(from, key: route.fromKey)
        transport = try MailTransportFactory.make(url: url, caFile: route.caFile, logger: context.logger)
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
