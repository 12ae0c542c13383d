import Daemon
import Foundation
import Mailer

/// The mail transport and sender of the configuration (`ATTEST_SMTP_URL`,
/// `ATTEST_SMTP_CA_FILE`, `ATTEST_MAIL_FROM`), for commands that send mail.
struct ConfiguredMail {
    let transport: any MailTransport
    let sender: MailAddress

    /// - Throws: ``MailCommandError`` naming the key that is missing or wrong.
    init(_ context: CommandContext) throws {
        let configuration = context.configuration
        guard let url = configuration.smtpURL else {
            throw MailCommandError("ATTEST_SMTP_URL: not set (smtp://USER:PASS@HOST:587, smtps://HOST:465 or maildir:PATH)")
        }
        guard let from = configuration.mailFrom else {
            throw MailCommandError("ATTEST_MAIL_FROM: not set (the sender, e.g. Attest <attest@agency.example>)")
        }
        sender = try address(from, key: "ATTEST_MAIL_FROM")
        transport = try MailTransportFactory.make(url: url, caFile: configuration.smtpCAFile, logger: context.logger)
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
