@testable import Daemon
import Testing

/// A wake-up is kept for the next wait, and forgotten when a pass starts after it (the
/// pass reads the database after the signal, so it answers it).
@Suite struct WakeSignalTests {
    @Test func aSignalIsKeptUntilAWaitOrAPassTakesIt() async {
        let wake = WakeSignal()
        await wake.signal()
        #expect(await wake.pending)
        await wake.wait(upTo: .seconds(3_600))  // returns at once: the kept signal
        #expect(await !wake.pending)
        await wake.signal()
        await wake.clearPending()
        #expect(await !wake.pending)
    }

    @Test func aRetiredSignalStaysRetiredWhenAPassStarts() async {
        let wake = WakeSignal()
        await wake.retire()
        await wake.clearPending()
        #expect(await wake.isRetired)
    }
}
