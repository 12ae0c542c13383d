import Foundation

/// The Python scripts that drive headless Chromium (Selenium, axe-core) in the browser
/// tests, under `Tests/DaemonTests/Browser/`.
public enum BrowserScript {
    /// The Python with Selenium: `ATTEST_TEST_BROWSER_PYTHON`, or the installer's venv.
    public static var python: String {
        ProcessInfo.processInfo.environment["ATTEST_TEST_BROWSER_PYTHON"] ?? "/opt/attest-test-venv/bin/python"
    }

    /// What a browser test needs, each an executable: a missing one fails the test
    /// (deploy/testing/browser/install-browser-deps.sh installs them; `make test` runs it).
    public static let tools = [python, "/usr/bin/chromium", "/usr/bin/chromedriver"]

    /// The path of a script of the browser folder.
    public static func path(_ name: String) throws -> String {
        try TestEnvironment.repository() + "/Tests/DaemonTests/Browser/" + name
    }

    /// Runs a program to completion (killed after `timeout`); its status and output.
    /// One browser at a time in the whole test run: each is a Chromium, and the machine
    /// has two cores for every suite at once.
    public static func run(_ program: String, _ arguments: [String], timeout: Duration) async throws -> (Int32, String) {
        await turn.acquire()
        do {
            let result = try await runAlone(program, arguments, timeout: timeout)
            await turn.release()
            return result
        } catch {
            await turn.release()
            throw error
        }
    }

    private static let turn = Turn()

    private static func runAlone(_ program: String, _ arguments: [String], timeout: Duration) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let log = URL(fileURLWithPath: NSTemporaryDirectory() + "attest-browser-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline { process.terminate() }
            try await Task.sleep(for: .milliseconds(100))
        }
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}

/// Lets one caller through at a time, in arrival order.
actor Turn {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}
