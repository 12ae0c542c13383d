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
        let handler = self.handler
        let channel = self.channel
        let results = channel.eventLoop.flatSubmit {
            let futures = commands.map {
                handler.value.expectReply(to: $0.name, within: TimeAmount($0.timeout), on: channel.eventLoop)
            }
            let text = commands.compactMap(\.line).map { $0 + "\r\n" }.joined()
            if !text.isEmpty { channel.writeAndFlush(channel.allocator.buffer(string: text), promise: nil) }
            return EventLoopFuture.whenAllComplete(futures, on: channel.eventLoop)
        }
        if logger.logLevel <= .debug {
            for command in commands { logger.debug("smtp command", metadata: ["smtp.command": "\(command.name)"]) }
        }
        let outcomes: [Result<SMTPReply, any Error>]
        do { outcomes = try await results.get() } catch { throw Self.smtpError(error) }
        var replies: [SMTPReply] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let reply):
                logger.trace("smtp reply", metadata: ["smtp.reply": "\(reply)"])
                replies.append(reply)
            case .failure(let error):
                // A 421 followed by the server hanging up: report the 421, not the EOF.
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

    /// Writes the dot-stuffed message (ending in CRLF.CRLF) and waits for the final reply.
    /// - Returns: `.failure` when the body could not be written (nothing was delivered),
    ///   `.success` with the reply or the error that came after the final dot.
    func sendBody(_ body: ByteBuffer) async -> Result<Result<SMTPReply, SMTPError>, SMTPError> {
        let handler = self.handler
        let channel = self.channel
        let timeouts = configuration.timeouts
        let futures = channel.eventLoop.submit {
            let reply = handler.value.expectReply(to: "the end of the message", within: TimeAmount(timeouts.dataTermination), on: channel.eventLoop)
            let write = channel.writeAndFlush(body)
            let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeouts.dataBlock)) {
                handler.value.fail(SMTPError(.timeout("the message body")))
            }
            write.whenComplete { _ in timer.cancel() }
            return (write, reply)
        }
        do {
            let (write, reply) = try await futures.get()
            do { try await write.get() } catch { return .failure(Self.smtpError(error)) }
            do { return .success(.success(try await reply.get())) } catch { return .success(.failure(Self.smtpError(error))) }
        } catch {
            return .failure(Self.smtpError(error))
        }
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
