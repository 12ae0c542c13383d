import Foundation
import Storage

/// Runs one unit of database work for the daemon with a time limit.
///
/// When the server is killed or restarted in the middle of a transaction, an await
/// inside postgres-nio was seen never to return (the connection was closed, the
/// caller was not told). A structured timeout would wait for that child forever, so
/// the work runs in an unstructured task and the caller moves on after `limit`,
/// treating it as a failure to retry; the stuck task is abandoned.
///
/// Calls first pass a ``DatabaseGate`` sized to the connection pool, so that with many
/// tenants the limit measures a call's own work, not its wait for a free connection.
enum DatabaseCall {
    static let limit: Duration = .seconds(20)
    /// Shared by every tenant of the process; ``AttestDaemon`` sizes it to the pool.
    static let gate = DatabaseGate(permits: 3)

    static func run<Result: Sendable>(
        limit: Duration = Self.limit,
        _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        await gate.acquire()
        do {
            let result = try await limited(limit, work)
            await gate.release()
            return result
        } catch {
            await gate.release()
            throw error
        }
    }

    /// Runs `work` with the time limit, without passing the gate (public requests pass
    /// their own, ``PublicGate``).
    static func limited<Result: Sendable>(
        _ limit: Duration,
        _ work: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let box = ResultBox<Result>()
        return try await withCheckedThrowingContinuation { continuation in
            box.set(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                box.resume(with: .failure(DeadlineExceeded(limit: limit)))
            }
            Task {
                box.resume(with: await Swift.Result(catching: work))
                // Not one sleeping timer left behind per call (a resume after this is a no-op).
                timer.cancel()
            }
        }
    }
}

/// Admits at most `permits` callers at once, in arrival order.
actor DatabaseGate {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) {
        available = permits
    }

    /// Sets how many callers may pass at once (at start-up, before any call).
    func resize(to permits: Int) {
        available = max(1, permits)
    }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}

/// Resumes a continuation once, whichever of the work and the timer comes first.
private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, any Error>?

    func set(_ continuation: CheckedContinuation<Value, any Error>) {
        lock.withLock { self.continuation = continuation }
    }

    func resume(with result: Result<Value, any Error>) {
        let pending = lock.withLock { () -> CheckedContinuation<Value, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(with: result)
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
