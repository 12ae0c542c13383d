import NIOSSL

/// How to reach and talk to one SMTP relay. Usually made from a URL by
/// ``MailTransportFactory``.
public struct SMTPConfiguration: Sendable {
    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// TLS from the first byte (`smtps://`, port 465, RFC 8314).
        case implicitTLS
        /// STARTTLS, required: the client refuses to continue in clear text (`smtp://`, port 587).
        case startTLS
        /// Clear text. Only for a relay on this host, and only when the URL says `?tls=none`.
        case none
    }

    /// User name and password for AUTH PLAIN or LOGIN, sent only over TLS.
    public struct Credentials: Sendable, CustomStringConvertible {
        public var username: String
        public var password: String
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
        /// Never shows the password.
        public var description: String { "\(username):<redacted>" }
    }

    /// The relay's host name or IP address.
    public var host: String
    public var port: Int
    public var security: Security
    public var credentials: Credentials?
    /// A PEM file of CA certificates to trust instead of the system's trust store.
    public var caFile: String?
    /// The name this client gives in EHLO; defaults to this machine's host name.
    public var clientName: String
    public var timeouts: SMTPTimeouts
    /// Messages sent on one connection before it is closed and a new one opened.
    public var maximumMessagesPerConnection: Int
    /// Connections open at once to this relay.
    public var maximumConnections: Int
    /// At most this many messages started per second to this relay; nil for no limit.
    public var maximumMessagesPerSecond: Double?
    /// An idle connection older than this is checked with NOOP before it is reused.
    public var idleCheckInterval: Duration

    /// Creates a configuration with RFC 5321 timeouts, one connection and no rate limit.
    public init(
        host: String, port: Int, security: Security, credentials: Credentials? = nil, caFile: String? = nil,
        clientName: String = SMTPConfiguration.defaultClientName, timeouts: SMTPTimeouts = .rfc5321,
        maximumMessagesPerConnection: Int = 100, maximumConnections: Int = 1,
        maximumMessagesPerSecond: Double? = nil, idleCheckInterval: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.caFile = caFile
        self.clientName = clientName
        self.timeouts = timeouts
        self.maximumMessagesPerConnection = maximumMessagesPerConnection
        self.maximumConnections = maximumConnections
        self.maximumMessagesPerSecond = maximumMessagesPerSecond
        self.idleCheckInterval = idleCheckInterval
    }

    /// The TLS settings: TLS 1.2 or newer, full certificate and host-name verification,
    /// trusting `caFile` when given and the system's store otherwise.
    func makeTLSContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        if let caFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// The SNI and verification name: nil for an IP address (NIOSSL refuses those as SNI
    /// and then checks the certificate against the peer's address).
    var tlsServerName: String? {
        IPAddressCheck.isIPAddress(host) ? nil : host
    }

    /// This machine's host name, or `localhost` when it has none.
    public static var defaultClientName: String {
        HostName.current ?? "localhost"
    }
}
