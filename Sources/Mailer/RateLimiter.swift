/// Spaces message starts at least `interval` apart (a simple per-relay rate limit).
/// Not thread-safe on its own: lives under ``SMTPTransport``'s lock.
struct RateLimiter {
    private let interval: Duration?
    private var nextSlot = ContinuousClock.now

    init(messagesPerSecond: Double?) {
        interval = messagesPerSecond.flatMap { $0 > 0 ? Duration.seconds(1 / $0) : nil }
    }

    /// Reserves the next slot and returns how long to wait for it.
    mutating func reserve() -> Duration {
        guard let interval else { return .zero }
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        return slot - now
    }
}
