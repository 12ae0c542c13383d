import Foundation
import Metrics

/// The database budget of public requests (the tip form and the operators' API),
/// apart from the tenants' schedulers.
///
/// At most `permits` public requests use the database at once, over connections of
/// their own (``AttestDaemon`` adds them to the pool), so a flood of form views, posts to
/// unknown slugs or bogus API tokens can neither take the schedulers' connections nor
/// queue in front of them. At most `queue` more wait, each for at most `wait`; the rest
/// are shed at once with ``Busy`` (the routes answer 503 with `Retry-After`).
public actor PublicGate {
    /// The request was shed: too many public requests wait already, or none finished in time.
    public struct Busy: Error, Sendable {
        /// Seconds after which the client may try again.
        public let retryAfter: Int
    }

    /// How long a shed client is asked to wait.
    public static let retryAfterSeconds = 5

    private var available: Int
    private let queue: Int
    private let wait: Duration
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextID: UInt64 = 0

    /// - Parameters:
    ///   - permits: public requests using the database at once.
    ///   - queue: public requests waiting at most; more are shed at once (default 4 per permit).
    ///   - wait: how long one may wait before it is shed.
    public init(permits: Int, queue: Int? = nil, wait: Duration = .seconds(2)) {
        available = max(1, permits)
        self.queue = queue ?? 4 * max(1, permits)
        self.wait = wait
        _ = Counter(label: Self.shedMetric)  // exported from the start, at 0
    }

    /// The counter of shed requests.
    static let shedMetric = "attest_public_requests_shed_total"

    /// How many requests wait for a permit now.
    public var waiting: Int { waiters.count }

    /// Runs `work` holding a permit; sheds with ``Busy`` instead when none frees in time.
    public func run<Result: Sendable>(_ work: @Sendable () async throws -> Result) async throws -> Result {
        try await acquire()
        defer { release() }
        return try await work()
    }

    /// Takes a permit, waiting in arrival order behind at most `queue` others.
    func acquire() async throws(Busy) {
        if available > 0 {
            available -= 1
            return
        }
        guard waiters.count < queue else { throw shed() }
        let id = nextID
        nextID += 1
        let wait = self.wait
        let admitted = await withCheckedContinuation { continuation in
            waiters.append((id, continuation))
            Task { [weak self] in
                try? await Task.sleep(for: wait)
                await self?.expire(id)
            }
        }
        guard admitted else { throw shed() }
    }

    /// Gives the permit to the longest waiter, or back.
    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }

    private func expire(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }

    private func shed() -> Busy {
        Counter(label: Self.shedMetric).increment()
        return Busy(retryAfter: Self.retryAfterSeconds)
    }
}
