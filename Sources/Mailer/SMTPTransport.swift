import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers messages to one SMTP relay over up to ``SMTPConfiguration/maximumConnections``
/// connections, each carrying up to ``SMTPConfiguration/maximumMessagesPerConnection``
/// messages, at most ``SMTPConfiguration/maximumMessagesPerSecond`` messages a second.
///
/// ```swift
/// let transport = try SMTPTransport(configuration: configuration, logger: logger)
/// let outcome = await transport.send(message)
/// await transport.close()
/// ```
public actor SMTPTransport: MailTransport {
    public nonisolated let configuration: SMTPConfiguration
    private let tlsContext: NIOSSLContext?
    private let group: any EventLoopGroup
    private let logger: Logger
    private var idle: [SMTPConnection] = []
    private var openCount = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var rateLimiter: RateLimiter
    private var isClosed = false

    /// Creates the transport; connections open on the first send.
    /// - Throws: ``MailTransportURLError`` when the CA file cannot be read.
    public init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "attest.mailer")) throws(MailTransportURLError) {
        self.configuration = configuration
        self.group = group
        var logger = logger
        logger[metadataKey: "smtp.host"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
        self.rateLimiter = RateLimiter(messagesPerSecond: configuration.maximumMessagesPerSecond)
        guard configuration.security != .none else {
            self.tlsContext = nil
            return
        }
        do {
            self.tlsContext = try configuration.makeTLSContext()
        } catch {
            throw MailTransportURLError(.unreadableCAFile(configuration.caFile ?? "", String(describing: error)))
        }
    }

    public func send(_ message: MailMessage) async -> DeliveryOutcome {
        await send(message.encoded(), envelope: message.envelope)
    }

    /// Sends an already encoded message (CRLF line endings) to the envelope's recipients.
    public func send(_ bytes: [UInt8], envelope: SMTPEnvelope) async -> DeliveryOutcome {
        let body = SMTPDataEncoder.encode(bytes)
        await waitForRateLimit()
        let connection: SMTPConnection
        do {
            connection = try await checkOut()
        } catch {
            let failure = DeliveryFailure(stage: .connection, error: error)
            logger.info("smtp connection failed", metadata: ["smtp.error": "\(error)"])
            return error.isTransient ? .transientFailure(failure) : .permanentFailure(failure)
        }
        let (outcome, reusable) = await SMTPTransaction(connection: connection, envelope: envelope, body: body, size: bytes.count).run()
        connection.noteMessageSent()
        await checkIn(connection, reusable: reusable)
        return outcome
    }

    public func close() async {
        isClosed = true
        let connections = idle
        idle = []
        for connection in connections {
            await connection.quit()
        }
        waiters.forEach { $0.resume() }
        waiters = []
    }

    private func waitForRateLimit() async {
        let delay = rateLimiter.reserve()
        if delay > .zero { try? await Task.sleep(for: delay) }
    }

    /// An idle connection (checked with NOOP when it idled long), or a new one when fewer
    /// than the maximum are open, or the next one given back.
    private func checkOut() async throws(SMTPError) -> SMTPConnection {
        while true {
            guard !isClosed else { throw SMTPError(.transportClosed) }
            if let connection = idle.popLast() {
                if await isStillUsable(connection) { return connection }
                openCount -= 1
                continue
            }
            if openCount < configuration.maximumConnections {
                openCount += 1
                do {
                    return try await SMTPHandshake.open(configuration: configuration, tlsContext: tlsContext, group: group, logger: logger)
                } catch {
                    openCount -= 1
                    wakeOne()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    private func isStillUsable(_ connection: SMTPConnection) async -> Bool {
        guard connection.isOpen else { return false }
        guard connection.idleTime > configuration.idleCheckInterval else { return true }
        let reply = try? await connection.send("NOOP", "NOOP", timeout: configuration.timeouts.command)
        if reply?.code == 250 { return true }
        connection.close()
        return false
    }

    private func checkIn(_ connection: SMTPConnection, reusable: Bool) async {
        let keep = reusable && !isClosed && connection.isOpen
            && connection.messagesSent < configuration.maximumMessagesPerConnection
        if keep {
            idle.append(connection)
        } else {
            openCount -= 1
            if connection.isOpen { await connection.quit() }
        }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}
