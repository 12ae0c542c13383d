import Foundation
import Logging
import Mailer

/// Builders shared by the SMTP tests.
enum Fixture {
    static let logger = Logger(label: "attest.mailer.tests")

    static func configuration(
        _ server: SMTPTestServer, security: SMTPConfiguration.Security, host: String = "localhost",
        credentials: SMTPConfiguration.Credentials? = nil, trustTestCA: Bool = true,
        timeouts: SMTPTimeouts = .rfc5321
    ) throws -> SMTPConfiguration {
        SMTPConfiguration(
            host: host, port: server.port, security: security, credentials: credentials,
            caFile: trustTestCA && security != .none ? try TestCertificate.shared().certificate : nil,
            clientName: "client.test", timeouts: timeouts
        )
    }

    static func transport(_ configuration: SMTPConfiguration) throws -> SMTPTransport {
        try SMTPTransport(configuration: configuration, logger: logger)
    }

    static func message(
        to recipients: [String], subject: String = "Form I-9 Section 2 due", text: String = "Hello,\nplease act.\n",
        html: String = "<p>Hello, please act.</p>\n", id: String = "<\(UUID().uuidString)@attest.test>"
    ) throws -> MailMessage {
        try MailMessage(
            from: MailAddress("attest@agency.test", name: "Attest"),
            to: recipients.map { try MailAddress($0) },
            subject: subject, messageID: id, text: text, html: html
        )
    }

    static let user = SMTPConfiguration.Credentials(username: "attest", password: "s3cret pass")
}

extension DeliveryOutcome {
    var failure: DeliveryFailure? {
        switch self {
        case .accepted: nil
        case .transientFailure(let failure), .permanentFailure(let failure), .unknown(let failure): failure
        }
    }

    var isTransient: Bool {
        if case .transientFailure = self { return true }
        return false
    }

    var isPermanent: Bool {
        if case .permanentFailure = self { return true }
        return false
    }

    var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }

    var receipt: DeliveryReceipt? {
        if case .accepted(let receipt) = self { return receipt }
        return nil
    }
}
