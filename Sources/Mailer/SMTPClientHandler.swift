import NIOCore
import NIOSSL

/// The channel handler under ``SMTPConnection``: parses replies and hands each one to
/// the oldest waiting command, with a timeout per command. All methods run on the
/// channel's event loop.
///
/// A reply that arrives before anyone waits for it (the greeting, a 421 on an idle
/// connection) is kept for the next command. After any failure — a timeout, a closed
/// connection, a protocol error — every waiting and later command fails at once.
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private struct Waiter {
        let command: String
        let timeout: TimeAmount
        let promise: EventLoopPromise<SMTPReply>
    }

    private var parser = SMTPReplyParser()
    private var received = CircularBuffer<SMTPReply>()
    private var waiters = CircularBuffer<Waiter>()
    private var timer: Scheduled<Void>?
    private var timerGeneration = 0
    private var context: ChannelHandlerContext?
    private(set) var failure: SMTPError?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// A future for the next reply, which must come within `timeout` of the previous one.
    func expectReply(to command: String, within timeout: TimeAmount, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        // A reply that came before the connection failed (a 421 and then EOF) still counts.
        if let failure, received.isEmpty { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiters.append(Waiter(command: command, timeout: timeout, promise: promise))
        deliver()
        return promise.futureResult
    }

    /// Before TLS starts after STARTTLS: nothing may be left over from the clear-text part.
    func checkNothingBuffered() throws(SMTPError) {
        if parser.hasBufferedInput || !received.isEmpty {
            throw SMTPError(.plaintextAfterStartTLS)
        }
    }

    /// Fails every waiting and later command with `error` and closes the connection.
    func fail(_ error: SMTPError) {
        if failure == nil { failure = error }
        cancelTimer()
        while let waiter = waiters.popFirst() {
            waiter.promise.fail(failure ?? error)
        }
        context?.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            received.append(contentsOf: try parser.consume(buffer.readableBytesView))
            deliver()
        } catch {
            fail(error)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(.connectionClosed))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let smtpError = error as? SMTPError {
            fail(smtpError)
        } else if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            fail(SMTPError(.tls(String(describing: error))))
        } else {
            fail(SMTPError(.network(String(describing: error))))
        }
    }

    private func deliver() {
        while !received.isEmpty, let waiter = waiters.popFirst() {
            let reply = received.removeFirst()
            cancelTimer()
            waiter.promise.succeed(reply)
        }
        if let failure, received.isEmpty {
            while let waiter = waiters.popFirst() { waiter.promise.fail(failure) }
        }
        startTimerIfNeeded()
    }

    private func startTimerIfNeeded() {
        guard timer == nil, failure == nil, let head = waiters.first, let context else { return }
        timerGeneration += 1
        let generation = timerGeneration
        let box = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: head.timeout) {
            box.value.timerFired(generation: generation, command: head.command)
        }
    }

    private func timerFired(generation: Int, command: String) {
        guard generation == timerGeneration else { return }
        timer = nil
        fail(SMTPError(.timeout(command)))
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }
}
