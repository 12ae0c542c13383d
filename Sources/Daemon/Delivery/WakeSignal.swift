/// Wakes a sleeping loop early: a notification arrived, or shutdown began.
/// A signal sent while nobody waits is kept for the next wait. A retired signal
/// tells its loop to end (its tenant was disabled or its grant withdrawn).
actor WakeSignal {
    /// A signal is kept for the next wait.
    private(set) var pending = false
    private var waiter: CheckedContinuation<Void, Never>?
    /// The loop should end after its current pass.
    private(set) var isRetired = false

    /// Ends the loop: wakes it, and every later check of ``isRetired`` is true.
    func retire() {
        isRetired = true
        signal()
    }

    /// Wakes the current waiter, or the next one.
    func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    /// Forgets a signal kept for the next wait: the pass about to start reads the
    /// database after it, so it answers that signal (a thousand tenants woken at once
    /// when the listener connects do not each make a second pass right after their first).
    func clearPending() {
        pending = false
    }

    /// Returns after `duration`, on a signal, or on cancellation, whichever is first.
    func wait(upTo duration: Duration) async {
        if pending {
            pending = false
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await Task.sleep(for: duration)
                    await self.signal()
                } catch {}
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { self.waiter = $0 }
            } onCancel: {
                Task { await self.signal() }
            }
            group.cancelAll()
        }
    }
}
