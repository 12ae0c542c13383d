import NIOCore
import NIOPosix

extension AttestDaemon {
    /// Makes the event loops that do the daemon's I/O (PostgreSQL, SMTP, HTTP) run its
    /// tasks too, in place of Swift's global pool: a message's send and a query's reply
    /// then resume where they arrived, without a hop between two thread pools for each
    /// (issue 19: the hops were most of the daemon's CPU per delivery). Call it once,
    /// from the main thread, before any task starts; nothing in the daemon blocks a thread.
    /// Returns whether it took over.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
