import Foundation
import Logging

/// Writes one JSON object per line: `timestamp`, `level`, `message`, `label`, then
/// every metadata key (`tenant`, `delivery.id`, …) as a top-level string field.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let output: LogOutput

    public init(label: String, level: Logger.Level, output: LogOutput = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).map { ($0.key, "\($0.value)") }
        fields.removeAll { ["timestamp", "level", "message", "label"].contains($0.0) }
        fields += [("timestamp", LogTimestamp.now()), ("level", event.level.rawValue), ("message", "\(event.message)"), ("label", label)]
        output.write(JSONLine.encode(fields.sorted { $0.0 < $1.0 }))
    }
}

/// One JSON object on one line, keys in the order given, every value a string: what
/// ``JSONLogHandler`` writes, built on bytes (JSONSerialization and its bridging cost
/// more than the delivery the line reports).
enum JSONLine {
    static func encode(_ fields: [(String, String)]) -> Data {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(fields.reduce(16) { $0 + $1.0.utf8.count + $1.1.utf8.count + 6 })
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendString(value, to: &bytes)
        }
        bytes += [UInt8(ascii: "}"), 0x0A]
        return Data(bytes)
    }

    /// A JSON string: quotes, backslashes and control characters (C0, DEL and C1, which
    /// a terminal showing the line would obey) escaped, the rest (slashes and non-ASCII
    /// included) as UTF-8.
    private static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var utf8 = text.utf8.makeIterator()
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20, 0x7F: appendEscape(byte, to: &bytes)
            case 0xC2:  // U+0080…U+00BF: the C1 controls are U+0080…U+009F
                guard let next = utf8.next() else { bytes.append(byte); break }
                if (0x80...0x9F).contains(next) { appendEscape(next, to: &bytes) } else { bytes += [byte, next] }
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ value: UInt8, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes += Array("\\u00".utf8) + [hex[Int(value >> 4)], hex[Int(value & 0x0F)]]
    }
}

/// Writes readable lines for a terminal: `time level message key=value …`.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let output: LogOutput

    public init(label: String, level: Logger.Level, output: LogOutput = .standardOutput) {
        self.logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        let pairs = merged.keys.sorted().map { "\(Self.escaped($0))=\(Self.escaped("\(merged[$0]!)"))" }.joined(separator: " ")
        let level = event.level.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)
        let line = "\(LogTimestamp.now()) \(level) \(Self.escaped("\(event.message)"))\(pairs.isEmpty ? "" : "  " + pairs)\n"
        output.write(Data(line.utf8))
    }

    /// `text` on one line: line breaks, tabs and other control characters (C0, DEL, C1)
    /// written as escapes, so that no logged value can start a forged log line or drive
    /// the terminal that shows it.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where isControl(scalar): output += "\\u{\(String(scalar.value, radix: 16))}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}

/// Where log lines go: standard output (the default) or standard error.
public enum LogOutput: Sendable {
    case standardOutput
    case standardError

    func write(_ data: Data) {
        switch self {
        case .standardOutput: FileHandle.standardOutput.write(data)
        case .standardError: FileHandle.standardError.write(data)
        }
    }
}

enum LogTimestamp {
    /// Now in UTC to the millisecond, as `2026-11-29T07:26:38.394Z`.
    static func now() -> String {
        format(Date())
    }

    static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded(.down))
        var (whole, millis) = milliseconds.quotientAndRemainder(dividingBy: 1_000)
        if millis < 0 { (whole, millis) = (whole - 1, millis + 1_000) }
        var seconds = time_t(whole)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))."
            + (millis < 10 ? "00" : millis < 100 ? "0" : "") + "\(millis)Z"
    }
}

/// Installs the process-wide log handler once, per the configuration.
public enum LoggingSetup {
    /// JSON lines unless the format says text, or says auto and stdout is a terminal.
    public static func bootstrap(level: Logger.Level, format: AttestConfiguration.LogFormat, output: LogOutput = .standardOutput) {
        let json = format == .json || (format == .auto && isatty(output == .standardOutput ? STDOUT_FILENO : STDERR_FILENO) == 0)
        LoggingSystem.bootstrap { label -> any LogHandler in
            if json { return JSONLogHandler(label: label, level: level, output: output) }
            return TextLogHandler(label: label, level: level, output: output)
        }
    }
}
