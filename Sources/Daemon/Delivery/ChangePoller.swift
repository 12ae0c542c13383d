import Foundation
import ServiceLifecycle

/// Wakes every hosted tenant's scheduler once per `interval`, spread evenly over it,
/// where the daemon cannot LISTEN (``ChangeSource/poll(_:)``). A change is then seen
/// within one interval, at the cost of one ordinary pass per tenant per interval.
struct ChangePoller: Service {
    let wakes: WakeRegistry
    let interval: Duration

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let hosted = await wakes.hosted().sorted { $0.key.uuidString < $1.key.uuidString }
            let step = interval / max(1, hosted.count)
            if hosted.isEmpty { try? await pause(interval) }
            for (_, signal) in hosted {
                try? await pause(step)
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                await signal.signal()
            }
        }
    }

    private func pause(_ duration: Duration) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
