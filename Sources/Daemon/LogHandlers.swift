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
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        fields["timestamp"] = LogTimestamp.now()
        fields["level"] = event.level.rawValue
        fields["message"] = "\(event.message)"
        fields["label"] = label
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        output.write(data + Data([0x0A]))
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
        let pairs = merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
        let level = event.level.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)
        let line = "\(LogTimestamp.now()) \(level) \(event.message)\(pairs.isEmpty ? "" : "  " + pairs)\n"
        output.write(Data(line.utf8))
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
    static func now() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
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
