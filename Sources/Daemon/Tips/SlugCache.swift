import Foundation

/// What a slug named a few seconds ago (e.g. a hosted tenant and its keys, or none),
/// so that the public form's pages do not ask the database on every request; requests
/// that miss together share one look-up. Holds at most `capacity` slugs; when full it
/// forgets the expired ones, and all of them if none has expired.
actor SlugCache<Value: Sendable> {
    private enum Entry {
        case loading(Task<Value?, any Error>)
        case loaded(Value?, expires: ContinuousClock.Instant)
    }

    private var entries: [String: Entry] = [:]
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .seconds(5), capacity: Int = 1_024) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached answer for `slug`, or `load`'s, which is then kept for `lifetime` (a
    /// failed look-up is not kept).
    func value(_ slug: String, load: @escaping @Sendable () async throws -> Value?) async throws -> Value? {
        switch entries[slug] {
        case .loaded(let value, let expires) where expires > .now:
            return value
        case .loading(let task):
            return try await task.value
        default:
            break
        }
        makeRoom()
        let task = Task { try await load() }
        entries[slug] = .loading(task)
        do {
            let value = try await task.value
            entries[slug] = .loaded(value, expires: .now + lifetime)
            return value
        } catch {
            entries[slug] = nil
            throw error
        }
    }

    private func makeRoom() {
        guard entries.count >= capacity else { return }
        let now = ContinuousClock.now
        entries = entries.filter {
            if case .loaded(_, let expires) = $0.value { return expires > now }
            return true
        }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
    }
}
