import Foundation

/// Counts requests per source address in memory (a token bucket per address) and says
/// when one must wait. Addresses are never logged or stored; buckets that have refilled
/// are forgotten as the table grows.
actor SourceRateLimiter {
    /// `burst` requests at once, then one every `interval`.
    struct Rule: Sendable {
        var burst: Int
        var interval: Duration
    }

    private let rule: Rule
    private let now: @Sendable () -> ContinuousClock.Instant
    private var buckets: [String: (tokens: Double, updated: ContinuousClock.Instant)] = [:]

    init(_ rule: Rule, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.rule = rule
        self.now = now
    }

    /// Takes one token for `source`: nil when the request may go on, otherwise the
    /// whole seconds until it may be retried.
    func take(_ source: String) -> Int? {
        let instant = now()
        let seconds = Double(rule.interval.components.seconds) + Double(rule.interval.components.attoseconds) / 1e18
        var bucket = buckets[source] ?? (Double(rule.burst), instant)
        let elapsed = instant - bucket.updated
        let refill = (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / seconds
        bucket = (min(Double(rule.burst), bucket.tokens + refill), instant)
        defer { prune(at: instant, seconds: seconds) }
        guard bucket.tokens >= 1 else {
            buckets[source] = bucket
            return max(1, Int(((1 - bucket.tokens) * seconds).rounded(.up)))
        }
        buckets[source] = (bucket.tokens - 1, instant)
        return nil
    }

    /// Drops buckets that are full again once the table holds many sources.
    private func prune(at instant: ContinuousClock.Instant, seconds: Double) {
        guard buckets.count > 10_000 else { return }
        let full = seconds * Double(rule.burst)
        buckets = buckets.filter { _, bucket in
            let elapsed = instant - bucket.updated
            return Double(elapsed.components.seconds) < full
        }
    }
}
