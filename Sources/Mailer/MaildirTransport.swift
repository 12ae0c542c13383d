import Foundation
import Synchronization

/// Writes each message as a file in a Maildir: written under `tmp/`, then renamed into
/// `new/` under a unique name (`SECONDS.MMICROSECONDSPPIDQCOUNTER.HOST`), the way mail
/// clients expect. Line endings are stored as LF, the Maildir convention.
public final class MaildirTransport: MailTransport {
    /// The Maildir's folder (holding `tmp`, `new` and `cur`).
    public let path: String
    private let counter = Atomic<Int>(0)
    private let host: String

    /// Creates `tmp/`, `new/` and `cur/` under `path` when missing.
    /// - Throws: ``MailTransportURLError`` when the folders cannot be made.
    public init(path: String) throws(MailTransportURLError) {
        self.path = path
        self.host = (HostName.current ?? "localhost").replacingAll("/", with: "\\057").replacingAll(":", with: "\\072")
        do {
            for folder in ["tmp", "new", "cur"] {
                try FileManager.default.createDirectory(atPath: "\(path)/\(folder)", withIntermediateDirectories: true)
            }
        } catch {
            throw MailTransportURLError(.unusableMaildir(path, String(describing: error)), url: "maildir:\(path)")
        }
    }

    public func send(_ message: MailMessage) async -> DeliveryOutcome {
        store(message.encoded())
    }

    /// Stores encoded message bytes; returns `accepted` with a `250` naming the file.
    public func store(_ bytes: [UInt8]) -> DeliveryOutcome {
        let name = uniqueName()
        let temporary = "\(path)/tmp/\(name)"
        do {
            try Data(Self.withLF(bytes)).write(to: URL(fileURLWithPath: temporary))
            try FileManager.default.moveItem(atPath: temporary, toPath: "\(path)/new/\(name)")
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            return .transientFailure(DeliveryFailure(stage: .storage, error: MaildirError(path: path, detail: String(describing: error))))
        }
        let reply = SMTPReply(code: 250, enhancedCode: EnhancedStatusCode(statusClass: 2, subject: 0, detail: 0), lines: ["stored as new/\(name)"])
        return .accepted(DeliveryReceipt(reply: reply))
    }

    public func close() async {}

    private func uniqueName() -> String {
        let now = Date().timeIntervalSince1970
        let seconds = Int(now)
        let micro = Int((now - Double(seconds)) * 1_000_000)
        let count = counter.add(1, ordering: .relaxed).newValue
        return "\(seconds).M\(micro)P\(ProcessInfo.processInfo.processIdentifier)Q\(count).\(host)"
    }

    private static func withLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() where !(byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
            out.append(byte)
        }
        return out
    }
}

/// A maildir file could not be written.
public struct MaildirError: Error, Sendable, CustomStringConvertible {
    public let path: String
    let detail: String
    public var description: String {
        "cannot write a message into the maildir \(path) (\(detail)); check free space and permissions"
    }
}
