import CoreMetrics
import Prometheus

/// The daemon's swift-metrics backend: Prometheus registries, one per shard of tenants.
///
/// swift-prometheus 2.4 copies the dictionary of a metric's series each time it registers
/// a new one, so registering one series per tenant for 10,000 tenants is quadratic (most
/// of a 10,000-tenant daemon's first pass, in a profile). Here a metric with a `tenant`
/// dimension is registered in the shard its tenant hashes to, every other metric in
/// shard 0, and `/metrics` merges the shards' expositions family by family.
public final class ShardedPrometheusMetrics: MetricsFactory, Sendable {
    /// The shards' registries; shard 0 also holds the metrics without a tenant.
    public let registries: [PrometheusCollectorRegistry]
    private let factories: [PrometheusMetricsFactory]

    /// A backend of `shards` registries (64 by default: 10,000 tenants' series then cost
    /// what 160 cost in one registry).
    public init(shards: Int = 64) {
        registries = (0..<max(1, shards)).map { _ in PrometheusCollectorRegistry() }
        factories = registries.map { PrometheusMetricsFactory(registry: $0) }
    }

    /// The shard a metric with these dimensions lives in (stable within the process).
    private func factory(_ dimensions: [(String, String)]) -> PrometheusMetricsFactory {
        guard let tenant = dimensions.first(where: { $0.0 == "tenant" })?.1 else { return factories[0] }
        return factories[Int(UInt(bitPattern: tenant.hashValue) % UInt(factories.count))]
    }

    /// A counter, made by its tenant's shard (shard 0 without a tenant).
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        factory(dimensions).makeCounter(label: label, dimensions: dimensions)
    }

    /// A floating-point counter, made by its tenant's shard.
    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        factory(dimensions).makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    /// A meter (a gauge), made by its tenant's shard.
    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        factory(dimensions).makeMeter(label: label, dimensions: dimensions)
    }

    /// A recorder (a gauge, or a histogram when it aggregates), made by its tenant's shard.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        factory(dimensions).makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    /// A timer (a duration histogram), made by its tenant's shard.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        factory(dimensions).makeTimer(label: label, dimensions: dimensions)
    }

    // A handler does not say its shard; unregistering from a registry that does not hold
    // it changes nothing there.

    /// Unregisters a counter from whichever shard holds it.
    public func destroyCounter(_ handler: any CounterHandler) { factories.forEach { $0.destroyCounter(handler) } }
    /// Unregisters a floating-point counter from whichever shard holds it.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { factories.forEach { $0.destroyFloatingPointCounter(handler) } }
    /// Unregisters a meter from whichever shard holds it.
    public func destroyMeter(_ handler: any MeterHandler) { factories.forEach { $0.destroyMeter(handler) } }
    /// Unregisters a recorder from whichever shard holds it.
    public func destroyRecorder(_ handler: any RecorderHandler) { factories.forEach { $0.destroyRecorder(handler) } }
    /// Unregisters a timer from whichever shard holds it.
    public func destroyTimer(_ handler: any TimerHandler) { factories.forEach { $0.destroyTimer(handler) } }

    /// Every shard's metrics in the Prometheus text format, each family once: its
    /// `# HELP` and `# TYPE` lines, then its samples from every shard.
    public func exposition() -> [UInt8] {
        var families = PrometheusFamilies()
        for registry in registries {
            families.add(String(decoding: registry.emitToBuffer(), as: UTF8.self))
        }
        return families.text()
    }
}

/// Metric families gathered from several expositions, in the order first seen.
struct PrometheusFamilies {
    private var order: [String] = []
    private var headers: [String: [Substring]] = [:]
    private var samples: [String: [Substring]] = [:]

    /// Adds an exposition: a family starts at its `# HELP` or `# TYPE` line, and the
    /// sample lines after it are its own.
    mutating func add(_ exposition: String) {
        var current: String?
        for line in exposition.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# ") {
                let words = line.split(separator: " ", maxSplits: 3)
                guard words.count >= 3 else { continue }
                let name = String(words[2])
                if headers[name] == nil { order.append(name) }
                if !(headers[name]?.contains(line) ?? false) { headers[name, default: []].append(line) }
                current = name
            } else if let name = current {
                samples[name, default: []].append(line)
            }
        }
    }

    /// The families, each with its header lines once and all of its samples.
    func text() -> [UInt8] {
        var out = ""
        for name in order {
            for line in headers[name] ?? [] { out += line; out += "\n" }
            for line in samples[name] ?? [] { out += line; out += "\n" }
        }
        return Array(out.utf8)
    }
}
