import ArgumentParser
import Foundation
import Mailer
import NIOCore

/// `attest-bench compose --messages N --items K`: the daemon's per-message work before
/// the relay sees a byte, one phase at a time: rendering the templates (subject, text
/// and HTML), building the MIME message, and preparing it for SMTP's DATA (line endings
/// and dot-stuffing). Prints microseconds per message for each phase.
struct ComposeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compose",
        abstract: "Render, MIME-encode and prepare for DATA N reminder e-mails; print µs per message per phase."
    )

    @Option(help: "Messages per phase.") var messages = 20_000
    @Option(help: "Items per message (1: a single reminder, more: a digest).") var items = 1

    func run() throws {
        let templates = try TemplateSet.shipped()
        let sender = try MailAddress("attest@agency.example", name: "Attest")
        let contexts = (0..<messages).map { index in
            ReminderContext(recipientName: "c\(index)@client.example", tenantLegalName: "Example Staffing Client, Inc.",
                            items: (0..<items).map { Self.item($0) })
        }
        var checksum = 0
        var rendered: [RenderedMail] = []
        rendered.reserveCapacity(messages)
        let render = try Self.time {
            for context in contexts { rendered.append(try templates.render(context)) }
        }
        var built: [MailMessage] = []
        built.reserveCapacity(messages)
        let build = try Self.time {
            for (index, mail) in rendered.enumerated() {
                built.append(try MailMessage(from: sender, to: [MailAddress("c\(index)@client.example")], subject: mail.subject,
                                             messageID: "<d\(index)@attest.example>", text: mail.text, html: mail.html))
            }
        }
        var encoded: [[UInt8]] = []
        encoded.reserveCapacity(messages)
        let encode = try Self.time {
            for message in built { encoded.append(message.encoded()) }
        }
        let data = try Self.time {
            for bytes in encoded { checksum &+= SMTPTransport.dataPhaseBytes(bytes).readableBytes }
        }
        let octets = encoded.reduce(0) { $0 + $1.count } / max(1, messages)
        print("compose benchmark: \(messages) messages of \(items) item(s), \(octets) octets each (checksum \(checksum))")
        for (phase, seconds) in [("render templates", render), ("MailMessage", build), ("MIME encode", encode), ("DATA prepare", data)] {
            print("  " + phase.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%7.1f µs/message", seconds / Double(messages) * 1e6))
        }
        let total = render + build + encode + data
        print("  " + "all".padding(toLength: 18, withPad: " ", startingAt: 0)
            + String(format: "%7.1f µs/message, %.0f messages/s on one core", total / Double(messages) * 1e6, Double(messages) / total))
    }

    private static func item(_ index: Int) -> ReminderItem {
        ReminderItem(kind: index.isMultiple(of: 2) ? "i9_section2" : "everify_case_create",
                     title: "employee E-\(1000 + index)", subjectDescription: "employee E-\(1000 + index)",
                     dueDate: "2026-12-0\(1 + index % 9)", daysUntilDue: 3 - index, stage: "first_notice")
    }

    private static func time(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let began = clock.now
        try body()
        return (clock.now - began).seconds
    }
}
