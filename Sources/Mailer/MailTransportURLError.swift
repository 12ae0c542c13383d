/// `ATTEST_SMTP_URL` (or the CA file beside it) is not usable. The description names
/// what is wrong and never shows the password.
public struct MailTransportURLError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Reason: Sendable, Equatable {
        case malformed(String)
        case unknownScheme(String)
        case missingHost
        case invalidPort(String)
        case unknownOption(String)
        case invalidOption(String, String)
        case credentialsInClearText
        case clearTextToRemoteHost(String)
        case tlsOptionWithImplicitTLS
        case missingMaildirPath
        case unusableMaildir(String, String)
        case unreadableCAFile(String, String)
    }

    let reason: Reason
    /// The URL with any password replaced by `***`.
    public let redactedURL: String

    init(_ reason: Reason, url: String = "") {
        self.reason = reason
        self.redactedURL = url
    }

    public var description: String {
        let prefix = redactedURL.isEmpty ? "mail transport URL" : "mail transport URL \(redactedURL)"
        return "\(prefix): \(problem)"
    }

    private var problem: String {
        switch reason {
        case .malformed(let detail):
            "cannot be read (\(detail)); use smtp://user:password@host:587, smtps://user:password@host:465 or maildir:PATH, percent-encoding special characters in the user and password"
        case .unknownScheme(let scheme):
            "the scheme \"\(scheme)\" is not supported; use smtp://, smtps:// or maildir:"
        case .missingHost:
            "has no host name; write smtp://HOST:587"
        case .invalidPort(let port):
            "the port \"\(port)\" is not a number from 1 to 65535"
        case .unknownOption(let key):
            "the option \"\(key)\" is unknown; the options are tls, connections, max-messages, rate, helo and timeout"
        case .invalidOption(let key, let value):
            "the option \(key)=\(value) has a value that is not allowed (tls: starttls or none; connections, max-messages: whole numbers from 1; rate, timeout: positive numbers)"
        case .credentialsInClearText:
            "has credentials but tls=none; AUTH is only sent over TLS, so remove tls=none or the credentials"
        case .clearTextToRemoteHost(let host):
            "asks for tls=none to \(host), which is not this host; clear text is only for a relay on this host (localhost, 127.0.0.1, ::1), so remove tls=none"
        case .tlsOptionWithImplicitTLS:
            "smtps:// is always implicit TLS; remove the tls option or use smtp:// for STARTTLS"
        case .missingMaildirPath:
            "maildir: needs a folder, as in maildir:/var/lib/attest/mail"
        case .unusableMaildir(let path, let detail):
            "the maildir \(path) cannot be created or written (\(detail)); check the path and its permissions"
        case .unreadableCAFile(let path, let detail):
            "the CA file \(path) cannot be read as PEM certificates (\(detail)); check the configured CA file path and its contents"
        }
    }
}
