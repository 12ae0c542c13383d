/// Something went wrong talking to an SMTP server. ``code`` says what kind of thing;
/// ``reply`` is the server's reply when there was one; the description says what an
/// operator can do about it.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, comparable with `==`: `error.code == .timeout`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case timeout, connectionClosed, network, tls, startTLSNotOffered, plaintextAfterStartTLS
            case authenticationNotOffered, rejected, malformedReply, messageTooLarge, transportClosed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The server did not answer a command in time; the connection was closed.
        public static let timeout = Code(.timeout)
        /// The server closed the connection.
        public static let connectionClosed = Code(.connectionClosed)
        /// The connection could not be made or broke.
        public static let network = Code(.network)
        /// The TLS handshake or certificate verification failed.
        public static let tls = Code(.tls)
        /// TLS is required but the server does not offer STARTTLS.
        public static let startTLSNotOffered = Code(.startTLSNotOffered)
        /// The server sent clear-text bytes after agreeing to STARTTLS (an injection attempt).
        public static let plaintextAfterStartTLS = Code(.plaintextAfterStartTLS)
        /// Credentials are configured but the server offers no usable AUTH mechanism.
        public static let authenticationNotOffered = Code(.authenticationNotOffered)
        /// The server answered a command with a failure reply (see ``SMTPError/reply``).
        public static let rejected = Code(.rejected)
        /// The server's reply broke the protocol.
        public static let malformedReply = Code(.malformedReply)
        /// The message is larger than the server's advertised SIZE.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// The transport was closed before the message was handed to it.
        public static let transportClosed = Code(.transportClosed)

        public var description: String { base.rawValue }
    }

    enum Reason: Sendable {
        case timeout(String)
        case connectionClosed
        case network(String)
        case tls(String)
        case startTLSNotOffered
        case plaintextAfterStartTLS
        case authenticationNotOffered
        case rejected(String, SMTPReply)
        case malformedReply(String)
        case messageTooLarge(Int, Int)
        case transportClosed
    }

    let reason: Reason

    init(_ reason: Reason) { self.reason = reason }

    /// The kind of failure.
    public var code: Code {
        switch reason {
        case .timeout: .timeout
        case .connectionClosed: .connectionClosed
        case .network: .network
        case .tls: .tls
        case .startTLSNotOffered: .startTLSNotOffered
        case .plaintextAfterStartTLS: .plaintextAfterStartTLS
        case .authenticationNotOffered: .authenticationNotOffered
        case .rejected: .rejected
        case .malformedReply: .malformedReply
        case .messageTooLarge: .messageTooLarge
        case .transportClosed: .transportClosed
        }
    }

    /// The server's reply, when the failure is a reply.
    public var reply: SMTPReply? {
        if case .rejected(_, let reply) = reason { return reply }
        return nil
    }

    /// Whether sending the same message later may succeed.
    public var isTransient: Bool {
        switch reason {
        case .rejected(_, let reply): !reply.isPermanent
        case .messageTooLarge: false
        default: true
        }
    }

    public var description: String {
        switch reason {
        case .timeout(let command):
            "the SMTP server did not answer \(command) in time; the connection was closed. Check the relay's health or raise the timeout"
        case .connectionClosed:
            "the SMTP server closed the connection; it will be retried"
        case .network(let detail):
            "cannot reach the SMTP server (\(detail)); check the host and port in ATTEST_SMTP_URL and the network"
        case .tls(let detail):
            "TLS with the SMTP server failed (\(detail)); check the host name and the server's certificate, or configure the CA file that signed it"
        case .startTLSNotOffered:
            "the SMTP server does not offer STARTTLS, which is required; use a relay that does, smtps:// for implicit TLS, or ?tls=none only for a relay on this host"
        case .plaintextAfterStartTLS:
            "the SMTP server sent clear-text data after agreeing to STARTTLS; the connection was dropped as a possible injection attack"
        case .authenticationNotOffered:
            "credentials are configured but the SMTP server offers neither AUTH PLAIN nor AUTH LOGIN; remove them from ATTEST_SMTP_URL or use another relay"
        case .rejected(let command, let reply):
            "the SMTP server answered \(command) with \(reply)"
        case .malformedReply(let detail):
            "the SMTP server broke the protocol: \(detail)"
        case .messageTooLarge(let size, let limit):
            "the message is \(size) octets but the SMTP server accepts at most \(limit)"
        case .transportClosed:
            "the mail transport is closed"
        }
    }
}
