import Foundation
import Logging
import NIOCore
import NIOPosix

/// Makes a ``MailTransport`` from a URL:
///
/// - `smtp://[user:password@]host[:port]` — STARTTLS, required (port 587 by default).
/// - `smtps://[user:password@]host[:port]` — implicit TLS (port 465 by default).
/// - `smtp://localhost:25?tls=none` — clear text, only when asked for explicitly, only to
///   a relay on this host (`localhost`, 127.0.0.0/8, `::1`), and never with credentials.
/// - `maildir:PATH` — each message a file in a Maildir, no network.
///
/// Query options for SMTP: `tls=starttls|none` (smtp:// only), `connections=N` (open at
/// once, default 1), `max-messages=N` (per connection, default 100), `rate=N` (messages per
/// second, default unlimited), `helo=NAME` (EHLO name, default this host's name),
/// `timeout=SECONDS` (every command timeout instead of RFC 5321's). Special characters
/// in the user or password are percent-encoded.
public enum MailTransportFactory {
    /// - Parameters:
    ///   - url: the transport URL, usually `ATTEST_SMTP_URL`.
    ///   - caFile: a PEM file of CA certificates to trust instead of the system's store.
    /// - Throws: ``MailTransportURLError`` naming what is wrong (never the password).
    public static func make(
        url: String, caFile: String? = nil, logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws(MailTransportURLError) -> any MailTransport {
        if url.lowercased().hasPrefix("maildir:") {
            return try MaildirTransport(path: maildirPath(url))
        }
        var configuration = try smtpConfiguration(url: url)
        configuration.caFile = caFile
        do throws(MailTransportURLError) {
            return try SMTPTransport(configuration: configuration, group: group, logger: logger)
        } catch {
            throw MailTransportURLError(error.reason, url: redacted(url))
        }
    }

    /// Reads an `smtp://` or `smtps://` URL into a configuration.
    public static func smtpConfiguration(url: String) throws(MailTransportURLError) -> SMTPConfiguration {
        let shown = redacted(url)
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw MailTransportURLError(.malformed("not a URL"), url: shown)
        }
        guard scheme == "smtp" || scheme == "smtps" else { throw MailTransportURLError(.unknownScheme(scheme), url: shown) }
        guard let host = components.host, !host.isEmpty else { throw MailTransportURLError(.missingHost, url: shown) }
        let implicitTLS = scheme == "smtps"
        var configuration = SMTPConfiguration(
            host: host, port: implicitTLS ? 465 : 587, security: implicitTLS ? .implicitTLS : .startTLS
        )
        if let port = components.port {
            guard (1...65535).contains(port) else { throw MailTransportURLError(.invalidPort(String(port)), url: shown) }
            configuration.port = port
        }
        if let user = components.user, !user.isEmpty {
            configuration.credentials = .init(username: user, password: components.password ?? "")
        }
        for item in components.queryItems ?? [] {
            try apply(item.name, item.value ?? "", to: &configuration, url: shown)
        }
        if configuration.security == .none, configuration.credentials != nil {
            throw MailTransportURLError(.credentialsInClearText, url: shown)
        }
        if configuration.security == .none, !isLoopback(host) {
            throw MailTransportURLError(.clearTextToRemoteHost(host), url: shown)
        }
        return configuration
    }

    /// Whether `host` names this machine: `localhost`, an IPv4 address in 127.0.0.0/8, or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    private static func apply(_ key: String, _ value: String, to configuration: inout SMTPConfiguration, url: String) throws(MailTransportURLError) {
        let invalid = MailTransportURLError(.invalidOption(key, value), url: url)
        switch key {
        case "tls":
            guard configuration.security != .implicitTLS else { throw MailTransportURLError(.tlsOptionWithImplicitTLS, url: url) }
            switch value.lowercased() {
            case "starttls": configuration.security = .startTLS
            case "none": configuration.security = .none
            default: throw invalid
            }
        case "connections":
            guard let count = Int(value), count >= 1 else { throw invalid }
            configuration.maximumConnections = count
        case "max-messages":
            guard let count = Int(value), count >= 1 else { throw invalid }
            configuration.maximumMessagesPerConnection = count
        case "rate":
            guard let rate = Double(value), rate > 0 else { throw invalid }
            configuration.maximumMessagesPerSecond = rate
        case "timeout":
            guard let seconds = Double(value), seconds > 0 else { throw invalid }
            configuration.timeouts = .all(.milliseconds(Int(seconds * 1000)))
        case "helo":
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw invalid }
            configuration.clientName = value
        default:
            throw MailTransportURLError(.unknownOption(key), url: url)
        }
    }

    private static func maildirPath(_ url: String) throws(MailTransportURLError) -> String {
        var path = String(url.dropFirst("maildir:".count))
        if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
        guard !path.isEmpty else { throw MailTransportURLError(.missingMaildirPath, url: url) }
        return path
    }

    /// The URL with the password replaced by `***`: everything between the first `:`
    /// after the scheme and the last `@` before the query, so a mistyped URL
    /// (`smtp:user:pw@host`, an `@` in the password left unencoded) hides it too.
    public static func redacted(_ url: String) -> String {
        let authority = url.range(of: "://")?.upperBound ?? url.firstIndex(of: ":").map { url.index(after: $0) } ?? url.startIndex
        let beforeQuery = url[authority...].prefix { $0 != "?" }
        guard let at = beforeQuery.lastIndex(of: "@"), let colon = url[authority..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
