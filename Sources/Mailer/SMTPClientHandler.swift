import NIOCore
import NIOSSL

/// The channel handler under ``SMTPConnection``: parses replies and hands each one to
/// the oldest waiting command, with a timeout per command. All methods run on the
/// channel's event loop.
///
/// A reply that arrives before anyone waits for it (the greeting, a 421 on an idle
/// connection) is kept for the next command. After any failure — a timeout, a closed
/// connection, a protocol error — every waiting and later command fails at once.
///
/// The oldest waiter's deadline is kept as a value; the one timer is left running while
/// replies keep coming and only moved when a deadline comes before it (or checked and
/// moved on when it fires early), so a pipelined transaction schedules no timer at all
/// in the common case instead of one per reply.
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
    /// When ``timer`` fires; nil when there is no timer.
    private var timerFiresAt: NIODeadline?
    private var timerGeneration = 0
    /// The oldest waiter's deadline and command; nil when its timeout has not started.
    private var headDeadline: (deadline: NIODeadline, command: String)?
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
            headDeadline = nil
            waiter.promise.succeed(reply)
        }
        if let failure, received.isEmpty {
            while let waiter = waiters.popFirst() { waiter.promise.fail(failure) }
        }
        startTimerIfNeeded()
    }

    /// Starts the oldest waiter's timeout when it has not started, making sure a timer
    /// fires no later than its deadline.
    private func startTimerIfNeeded() {
        guard failure == nil, let head = waiters.first, let context else {
            headDeadline = nil
            return
        }
        guard headDeadline == nil else { return }
        let deadline = NIODeadline.now() + head.timeout
        headDeadline = (deadline, head.command)
        if let timerFiresAt, timerFiresAt <= deadline { return }
        schedule(at: deadline, on: context.eventLoop)
    }

    private func schedule(at deadline: NIODeadline, on eventLoop: any EventLoop) {
        timer?.cancel()
        timerGeneration += 1
        let generation = timerGeneration
        let box = NIOLoopBound(self, eventLoop: eventLoop)
        timerFiresAt = deadline
        timer = eventLoop.scheduleTask(deadline: deadline) {
            box.value.timerFired(generation: generation)
        }
    }

    private func timerFired(generation: Int) {
        guard generation == timerGeneration else { return }
        timer = nil
        timerFiresAt = nil
        guard let head = headDeadline, failure == nil else { return }
        if head.deadline > NIODeadline.now(), let context {
            schedule(at: head.deadline, on: context.eventLoop)  // it was set for an earlier head
            return
        }
        fail(SMTPError(.timeout(head.command)))
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerFiresAt = nil
        headDeadline = nil
    }
}
