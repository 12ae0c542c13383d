@testable import Daemon
import Foundation
import Testing

@Suite("JSON log lines")
struct LogHandlerTests {
    @Test("a line is one JSON object with every field as given, whatever the text")
    func jsonLine() throws {
        let awkward = "quote \" backslash \\ slash / tab \t newline \n return \r bell \u{07} nul \u{0} del \u{7F} csi \u{9B}31m nel \u{85} é ¿ 🚀 \u{2028}"
        let fields = [("a.key", awkward), ("level", "info"), ("message", "delivery attempt"), ("z", "")]
        let data = JSONLine.encode(fields)
        #expect(data.last == 0x0A)
        #expect(!data.dropLast().contains(0x0A), "one line")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object == Dictionary(uniqueKeysWithValues: fields))
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("{\"a.key\":"), "keys in the order given")
        let controls = String(decoding: data.dropLast(), as: UTF8.self).unicodeScalars.filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "raw control characters in the line: \(controls.map(\.value))")
    }

    @Test("a text line stays one line, and no logged text reaches the terminal as a control")
    func textLine() {
        let forged = "ok\n2026-12-04T00:00:00.000Z INFO    forged line\r\u{1B}[2J\u{9B}31m\u{7F}\tend"
        let escaped = TextLogHandler.escaped(forged)
        #expect(escaped == "ok\\n2026-12-04T00:00:00.000Z INFO    forged line\\r\\u{1b}[2J\\u{9b}31m\\u{7f}\\tend")
        #expect(TextLogHandler.escaped("jane é 🚀 \u{2028}") == "jane é 🚀 \u{2028}", "printable text is left alone")
    }

    @Test("timestamps are UTC to the millisecond, as Foundation's ISO 8601 style writes them")
    func timestamps() {
        let style = Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            // Half-way into a millisecond, 1970 to 2100: no rounding at a boundary to disagree on.
            let date = Date(timeIntervalSince1970: (Double(Int64.random(in: 0...4_102_444_800_000, using: &random)) + 0.5) / 1_000)
            #expect(LogTimestamp.format(date) == date.formatted(style))
        }
    }
}

/// The tip form's in-memory limiter: buckets that refilled are forgotten a little at
/// every request, and no more than its capacity of keys is ever held.
@Suite("Per-source rate limiting")
struct SourceRateLimiterTests {
    final class Clock: @unchecked Sendable {
        var instant = ContinuousClock.now
    }

    @Test("a bucket allows its burst, then one per interval")
    func bucket() async {
        let clock = Clock()
        let limiter = SourceRateLimiter(.init(burst: 2, interval: .seconds(60)), now: { clock.instant })
        let (first, second, third) = (await limiter.take("a"), await limiter.take("a"), await limiter.take("a"))
        #expect(first == nil && second == nil && third == 60)
        clock.instant += .seconds(61)
        let later = await limiter.take("a")
        #expect(later == nil)
    }

    @Test("refilled buckets are forgotten two per request, and the table never passes its capacity")
    func forgetting() async {
        let clock = Clock()
        let limiter = SourceRateLimiter(.init(burst: 1, interval: .seconds(60)), capacity: 500, now: { clock.instant })
        for source in 0..<1_000 { _ = await limiter.take("s\(source)") }
        let full = await limiter.keyCount
        #expect(full == 500, "past its capacity, the oldest buckets go")
        clock.instant += .seconds(61)
        for _ in 0..<100 { _ = await limiter.take("x") }
        let pruned = await limiter.keyCount
        #expect(pruned == 500 - 200 + 1, "each request forgets two refilled buckets")
        for _ in 0..<1_000 { _ = await limiter.take("x") }
        let last = await limiter.keyCount
        #expect(last == 1)
    }
}
