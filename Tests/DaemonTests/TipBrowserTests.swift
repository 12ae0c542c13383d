import Foundation
import Storage
import TestSupport
import Testing

/// The tip form in a real browser: headless Chromium, driven by Selenium
/// (`Browser/tip_form_browser.py`), against a real `attest serve`. `make test`
/// installs both (deploy/testing/browser/install-browser-deps.sh); a missing browser
/// fails this test rather than skipping it.
@Suite struct TipBrowserTests {
    static var python: String { BrowserScript.python }

    @Test func aReporterSubmitsATipAndReadsItsStatusInChromium() async throws {
        for tool in [Self.python, "/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(FileManager.default.isExecutableFile(atPath: tool),
                         "\(tool) is missing: run deploy/testing/browser/install-browser-deps.sh (make test does)")
        }
        try await TipFormFixture.withTenants { database, role, _ in
            let daemon = try AttestProcess.start(["serve", "--tenant", "acme"], environment: [
                "ATTEST_DATABASE_URL": database.url(role: role).withPassword, "ATTEST_HTTP_BIND": "127.0.0.1:0",
                "ATTEST_LOG_FORMAT": "json",
            ])
            let line = try await daemon.waitForOutputLine(containing: "HTTP server listening")
            let address = try #require((try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["http.address"] as? String)
            let text = "Browser-Marker: two new hires started without papers"
            let script = try TestEnvironment.repository() + "/Tests/DaemonTests/Browser/tip_form_browser.py"
            let (status, output) = try await BrowserScript.run(Self.python, [script, address, "acme", text], timeout: .seconds(180))
            #expect(status == 0, "the browser script failed: \(output)")
            #expect(output.contains("receipt code: "), "\(output)")
            #expect(output.contains("status: received"), "\(output)")
            #expect(output.contains("spanish title: Informar una inquietud"), "\(output)")

            let stored = try await TipFormTests.storedTipWith(database, marker: "Browser-Marker")
            #expect(stored.tips == 1 && stored.plaintextHits == 0, "\(stored)")
            for trace in ["HeadlessChrome", "Mozilla/", "127.0.0.1"] {  // the browser's user agent and address
                #expect(try await TipFormTests.storedTipWith(database, marker: trace).plaintextHits == 0, "\(trace) is stored")
            }
            daemon.signal(SIGTERM)
            _ = try await daemon.wait(timeout: .seconds(30))
            #expect(!daemon.standardOutput().contains("Browser-Marker"), "the tip's text reached the log")
        }
    }
}
