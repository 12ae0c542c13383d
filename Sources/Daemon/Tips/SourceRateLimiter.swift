import Foundation

/// Counts requests per key (a source address, or a tenant) in memory, a token bucket
/// each, and says when one must wait. Keys are never logged or stored.
///
/// Buckets that have refilled are forgotten in constant time per request: every
/// request notes its key at the end of a queue in time order, and looks at most two
/// notes at its head, dropping a bucket whose last use is old enough to have refilled.
/// Past `capacity` keys at once, the least recently used bucket goes.
actor SourceRateLimiter {
    /// `burst` requests at once, then one every `interval`.
    struct Rule: Sendable {
        var burst: Int
        var interval: Duration
    }

    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let rule: Rule
    private let capacity: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private var buckets: [String: Bucket] = [:]
    /// Every use in time order; a note is current when its bucket was last used then.
    private var notes: [(key: String, at: ContinuousClock.Instant)] = []
    private var head = 0

    init(_ rule: Rule, capacity: Int = 100_000, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.rule = rule
        self.capacity = capacity
        self.now = now
    }

    /// How many keys are remembered (for tests).
    var keyCount: Int { buckets.count }

    /// Takes one token for `key`: nil when the request may go on, otherwise the whole
    /// seconds until it may be retried.
    func take(_ key: String) -> Int? {
        let instant = now()
        forgetRefilled(at: instant)
        let interval = Self.seconds(rule.interval)
        var bucket = buckets[key] ?? Bucket(tokens: Double(rule.burst), updated: instant)
        bucket.tokens = min(Double(rule.burst), bucket.tokens + Self.seconds(instant - bucket.updated) / interval)
        bucket.updated = instant
        let wait: Int? = bucket.tokens >= 1 ? nil : max(1, Int(((1 - bucket.tokens) * interval).rounded(.up)))
        if wait == nil { bucket.tokens -= 1 }
        if buckets[key] == nil, buckets.count >= capacity { evictOldest() }
        buckets[key] = bucket
        notes.append((key, instant))
        return wait
    }

    /// Looks at the two oldest notes: drops a stale one, and the bucket of a current
    /// one once it has had the time to refill (then none after it has).
    private func forgetRefilled(at instant: ContinuousClock.Instant) {
        let refill = Self.seconds(rule.interval) * Double(rule.burst)
        for _ in 0..<2 where head < notes.count {
            let note = notes[head]
            if buckets[note.key]?.updated == note.at {
                guard Self.seconds(instant - note.at) >= refill else { break }
                buckets[note.key] = nil
            }
            head += 1
        }
        compact()
    }

    /// Drops the least recently used bucket (the first current note).
    private func evictOldest() {
        while head < notes.count {
            let note = notes[head]
            head += 1
            if buckets[note.key]?.updated == note.at {
                buckets[note.key] = nil
                break
            }
        }
        compact()
    }

    /// Forgets the notes already looked at once they are half of the queue (each note
    /// is moved at most once: constant time per request on average).
    private func compact() {
        guard head > 1_024, head * 2 > notes.count else { return }
        notes.removeFirst(head)
        head = 0
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
