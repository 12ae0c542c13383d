import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Delivers messages to one SMTP relay over up to ``SMTPConfiguration/maximumConnections``
/// connections, each carrying up to ``SMTPConfiguration/maximumMessagesPerConnection``
/// messages, at most ``SMTPConfiguration/maximumMessagesPerSecond`` messages a second.
///
/// ```swift
/// let transport = try SMTPTransport(configuration: configuration, logger: logger)
/// let outcome = await transport.send(message)
/// await transport.close()
/// ```
///
/// Not an actor: a send runs on its caller's executor and takes the pool's lock only to
/// check a connection out and in, so a message costs no hops but those to the
/// connection's event loop and back.
public final class SMTPTransport: MailTransport {
    public let configuration: SMTPConfiguration
    private let tlsContext: NIOSSLContext?
    private let group: any EventLoopGroup
    private let logger: Logger
    private let pool: Mutex<Pool>

    /// The connections and the rate limit; changed only under the lock.
    private struct Pool {
        var idle: [SMTPConnection] = []
        var openCount = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var rateLimiter: RateLimiter
        var isClosed = false

        /// Whether a waiting checkout could make progress now.
        func canProceed(maximumConnections: Int) -> Bool {
            isClosed || !idle.isEmpty || openCount < maximumConnections
        }

        /// The next waiter to resume, if any (resumed by the caller, outside the lock).
        mutating func takeWaiter() -> CheckedContinuation<Void, Never>? {
            waiters.isEmpty ? nil : waiters.removeFirst()
        }
    }

    /// What ``checkOut()`` is to do, decided under the lock.
    private enum Step {
        case closed
        case reuse(SMTPConnection)
        case open
        case wait
    }

    /// Creates the transport; connections open on the first send.
    /// - Throws: ``MailTransportURLError`` when the CA file cannot be read.
    public init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "attest.mailer")) throws(MailTransportURLError) {
        self.configuration = configuration
        self.group = group
        var logger = logger
        logger[metadataKey: "smtp.host"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
        self.pool = Mutex(Pool(rateLimiter: RateLimiter(messagesPerSecond: configuration.maximumMessagesPerSecond)))
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
            logger.info("smtp connection failed", metadata: ["smtp.error": "\(AddressRedaction.redacted("\(error)"))"])
            return error.isTransient ? .transientFailure(failure) : .permanentFailure(failure)
        }
        let (outcome, reusable) = await SMTPTransaction(connection: connection, envelope: envelope, body: body, size: bytes.count).run()
        connection.noteMessageSent()
        await checkIn(connection, reusable: reusable)
        return outcome
    }

    public func close() async {
        let (connections, waiters) = pool.withLock { pool in
            pool.isClosed = true
            defer {
                pool.idle = []
                pool.waiters = []
            }
            return (pool.idle, pool.waiters)
        }
        for connection in connections {
            await connection.quit()
        }
        waiters.forEach { $0.resume() }
    }

    private func waitForRateLimit() async {
        let delay = pool.withLock { $0.rateLimiter.reserve() }
        if delay > .zero { try? await Task.sleep(for: delay) }
    }

    /// An idle connection (checked with NOOP when it idled long), or a new one when fewer
    /// than the maximum are open, or the next one given back.
    private func checkOut() async throws(SMTPError) -> SMTPConnection {
        let maximum = configuration.maximumConnections
        while true {
            let step = pool.withLock { pool -> Step in
                if pool.isClosed { return .closed }
                if let connection = pool.idle.popLast() { return .reuse(connection) }
                if pool.openCount < maximum {
                    pool.openCount += 1
                    return .open
                }
                return .wait
            }
            switch step {
            case .closed:
                throw SMTPError(.transportClosed)
            case .reuse(let connection):
                if await isStillUsable(connection) { return connection }
                pool.withLock { $0.openCount -= 1 }
            case .open:
                do {
                    return try await SMTPHandshake.open(configuration: configuration, tlsContext: tlsContext, group: group, logger: logger)
                } catch {
                    pool.withLock { $0.openCount -= 1 }
                    wakeOne()
                    throw error
                }
            case .wait:
                // Checked again under the lock that queues the waiter, so a connection
                // given back in between is not missed.
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let proceed = pool.withLock { pool in
                        guard !pool.canProceed(maximumConnections: maximum) else { return true }
                        pool.waiters.append(continuation)
                        return false
                    }
                    if proceed { continuation.resume() }
                }
            }
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
        let limit = configuration.maximumMessagesPerConnection
        let kept = pool.withLock { pool in
            let keep = reusable && !pool.isClosed && connection.isOpen && connection.messagesSent < limit
            if keep {
                pool.idle.append(connection)
            } else {
                pool.openCount -= 1
            }
            return keep
        }
        if !kept, connection.isOpen { await connection.quit() }
        wakeOne()
    }

    private func wakeOne() {
        pool.withLock { $0.takeWaiter() }?.resume()
    }
}
