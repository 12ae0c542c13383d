import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One connection to an SMTP relay, ready for mail transactions once ``open`` returns
/// (greeted, EHLO done, TLS up, authenticated). Used by one task at a time.
final class SMTPConnection: Sendable {
    /// One command line to send and the reply it waits for.
    struct Command: Sendable {
        /// Name for logs and errors; never the arguments (AUTH lines carry secrets).
        let name: String
        let line: String?
        let timeout: Duration
    }

    private struct State {
        var capabilities = SMTPCapabilities.basic
        var isTLS = false
        var messagesSent = 0
        var lastUsed = ContinuousClock.now
    }

    let channel: any Channel
    let configuration: SMTPConfiguration
    let logger: Logger
    private let handler: NIOLoopBoundBox<SMTPClientHandler>
    private let state: Mutex<State>

    private init(channel: any Channel, handler: NIOLoopBoundBox<SMTPClientHandler>, configuration: SMTPConfiguration, isTLS: Bool, logger: Logger) {
        self.channel = channel
        self.handler = handler
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(State(isTLS: isTLS))
    }

    var capabilities: SMTPCapabilities { state.withLock { $0.capabilities } }
    var isTLS: Bool { state.withLock { $0.isTLS } }
    var messagesSent: Int { state.withLock { $0.messagesSent } }
    var idleTime: Duration { state.withLock { ContinuousClock.now - $0.lastUsed } }
    var isOpen: Bool { channel.isActive }

    func noteMessageSent() {
        state.withLock {
            $0.messagesSent += 1
            $0.lastUsed = .now
        }
    }

    func setCapabilities(_ capabilities: SMTPCapabilities) {
        state.withLock { $0.capabilities = capabilities }
    }

    /// Connects to the relay, with TLS from the start for `.implicitTLS`.
    static func connect(configuration: SMTPConfiguration, tlsContext: NIOSSLContext?, group: any EventLoopGroup, logger: Logger) async throws(SMTPError) -> SMTPConnection {
        let eventLoop = group.next()
        let box = NIOLoopBoundBox.makeBoxSendingValue(SMTPClientHandler(), eventLoop: eventLoop)
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let serverName = configuration.tlsServerName
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.timeouts.connect))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        let tls = try NIOSSLClientHandler(context: implicitTLS, serverHostname: serverName)
                        try channel.pipeline.syncOperations.addHandler(tls)
                    }
                    try channel.pipeline.syncOperations.addHandler(box.value)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            return SMTPConnection(channel: channel, handler: box, configuration: configuration, isTLS: implicitTLS != nil, logger: logger)
        } catch {
            throw SMTPError(.network(String(describing: error)))
        }
    }

    /// Sends the commands in one write (pipelined when more than one) and returns their
    /// replies in order. A failure of the connection throws.
    func exchange(_ commands: [Command]) async throws(SMTPError) -> [SMTPReply] {
        let results: [Result<SMTPReply, any Error>]
        do {
            results = try await channel.eventLoop.flatSubmit { self.writeCommandsOnLoop(commands) }.get()
        } catch {
            throw Self.smtpError(error)
        }
        return try replies(from: results, commands: commands)
    }

    private func writeCommandsOnLoop(_ commands: [Command]) -> EventLoopFuture<[Result<SMTPReply, any Error>]> {
        let eventLoop = channel.eventLoop
        let futures = commands.map {
            handler.value.expectReply(to: $0.name, within: TimeAmount($0.timeout), on: eventLoop)
        }
        var buffer = channel.allocator.buffer(capacity: 64 * commands.count)
        for case let line? in commands.lazy.map(\.line) {
            buffer.writeString(line)
            buffer.writeStaticString("\r\n")
        }
        if buffer.readableBytes > 0 { channel.writeAndFlush(buffer, promise: nil) }
        if logger.logLevel <= .debug {
            for command in commands { logger.debug("smtp command", metadata: ["smtp.command": "\(command.name)"]) }
        }
        return EventLoopFuture.whenAllComplete(futures, on: eventLoop)
    }

    /// The replies in order, or the first failure; a 421 followed by the server hanging
    /// up is reported as the 421, not the EOF.
    private func replies(from results: [Result<SMTPReply, any Error>], commands: [Command]) throws(SMTPError) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        for result in results {
            switch result {
            case .success(let reply):
                logger.trace("smtp reply", metadata: ["smtp.reply": "\(AddressRedaction.redacted("\(reply)"))"])
                replies.append(reply)
            case .failure(let error):
                if let closing = replies.first(where: \.isServiceClosing) {
                    throw SMTPError(.rejected(commands[replies.count - 1].name, closing))
                }
                throw Self.smtpError(error)
            }
        }
        return replies
    }

    /// Sends one command and returns its reply.
    func send(_ name: String, _ line: String?, timeout: Duration) async throws(SMTPError) -> SMTPReply {
        try await exchange([Command(name: name, line: line, timeout: timeout)])[0]
    }

    /// What became of the body: `.failure` when it could not be written (nothing was
    /// delivered), `.success` with the reply or the error that came after the final dot.
    typealias BodyResult = Result<Result<SMTPReply, SMTPError>, SMTPError>

    /// Writes the dot-stuffed message (ending in CRLF.CRLF) and waits for the final reply.
    func sendBody(_ body: ByteBuffer) async -> BodyResult {
        do {
            return try await channel.eventLoop.flatSubmit { self.writeBodyOnLoop(body) }.get()
        } catch {
            return .failure(Self.smtpError(error))
        }
    }

    /// MAIL, RCPTs and DATA in one write; when `bodyWanted` approves their replies, the
    /// body follows at once from the event loop (saving a thread hop per message).
    func pipelinedTransaction(
        _ commands: [Command], body: ByteBuffer, bodyWanted: @escaping @Sendable ([SMTPReply]) -> Bool
    ) async throws(SMTPError) -> ([SMTPReply], BodyResult?) {
        let eventLoop = channel.eventLoop
        let combined = eventLoop.flatSubmit {
            self.writeCommandsOnLoop(commands).flatMap { results -> EventLoopFuture<([Result<SMTPReply, any Error>], BodyResult?)> in
                let replies = results.compactMap { try? $0.get() }
                guard replies.count == results.count, bodyWanted(replies) else {
                    return eventLoop.makeSucceededFuture((results, nil))
                }
                return self.writeBodyOnLoop(body).map { (results, $0) }
            }
        }
        let (results, bodyResult): ([Result<SMTPReply, any Error>], BodyResult?)
        do { (results, bodyResult) = try await combined.get() } catch { throw Self.smtpError(error) }
        return (try replies(from: results, commands: commands), bodyResult)
    }

    private func writeBodyOnLoop(_ body: ByteBuffer) -> EventLoopFuture<BodyResult> {
        let eventLoop = channel.eventLoop
        let handler = self.handler
        let timeouts = configuration.timeouts
        let reply = handler.value.expectReply(to: "the end of the message", within: TimeAmount(timeouts.dataTermination), on: eventLoop)
        let write = channel.writeAndFlush(body)
        // The body's timeout, only when the write did not complete at once (it usually
        // does: the socket takes the whole message).
        let timer = NIOLoopBoundBox<BodyWriteTimer>(BodyWriteTimer(), eventLoop: eventLoop)
        let promise = eventLoop.makePromise(of: BodyResult.self)
        write.whenComplete { written in
            timer.value.isWritten = true
            timer.value.scheduled?.cancel()
            switch written {
            case .failure(let error):
                promise.succeed(.failure(Self.smtpError(error)))
            case .success:
                reply.whenComplete { promise.succeed(.success($0.mapError(Self.smtpError))) }
            }
        }
        if !timer.value.isWritten {
            timer.value.scheduled = eventLoop.scheduleTask(in: TimeAmount(timeouts.dataBlock)) {
                handler.value.fail(SMTPError(.timeout("the message body")))
            }
        }
        return promise.futureResult
    }

    /// The body write's timer, on the event loop.
    private struct BodyWriteTimer {
        var isWritten = false
        var scheduled: Scheduled<Void>?
    }

    /// Adds TLS at the front of the pipeline after the server's 220 to STARTTLS,
    /// refusing if the server already sent more clear text.
    func startTLS(context: NIOSSLContext) async throws(SMTPError) {
        let handler = self.handler
        let channel = self.channel
        let serverName = configuration.tlsServerName
        do {
            try await channel.eventLoop.submit {
                try handler.value.checkNothingBuffered()
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            }.get()
        } catch {
            close()
            throw Self.smtpError(error)
        }
        state.withLock {
            $0.isTLS = true
            $0.capabilities = .basic
        }
    }

    /// Closes the connection without QUIT.
    func close() {
        channel.close(promise: nil)
    }

    /// QUIT, then close; errors are ignored.
    func quit() async {
        if channel.isActive {
            _ = try? await send("QUIT", "QUIT", timeout: configuration.timeouts.command)
        }
        close()
    }

    private static func smtpError(_ error: any Error) -> SMTPError {
        if let error = error as? SMTPError { return error }
        if error is NIOSSLError || error is NIOSSLExtraError { return SMTPError(.tls(String(describing: error))) }
        if let error = error as? ChannelError, error == .ioOnClosedChannel || error == .alreadyClosed {
            return SMTPError(.connectionClosed)
        }
        return SMTPError(.network(String(describing: error)))
    }
}
