import Compliance
import Foundation
import Storage

/// The protocol steps of a tip, recorded from its page: what `attest tip acknowledge |
/// investigate | respond | close` record.
enum TipForms {
    static let all = [acknowledge, investigate, respond, close]

    static let acknowledge = step("acknowledge", "Record the acknowledgement", "Acknowledgement recorded.", renaming: ["acknowledged_on": "on"]) { .acknowledge(on: $0) }
    static let investigate = step("investigate", "Record the start of the investigation", "Investigation recorded.",
                                  renaming: ["investigated_on": "on"]) { .investigate(on: $0) }
    static let close = step("close", "Record the closing", "Closing recorded.", renaming: ["closed_on": "on"]) { .close(on: $0) }

    static let respond = TipStep(
        id: "respond", title: "Record the answer", sentence: "Answer recorded.",
        fields: [FormField("on", "Answered on", .date), FormField("steps", "The protocol steps taken, for the record", .textArea(maxLength: 4_000)),
                 FormField("answer", "The answer the reporter reads with the receipt code", .textArea(maxLength: 4_000), required: false,
                           hint: "Web tips only; leave empty to keep the previous answer. Say nothing that identifies anyone.")],
        renaming: ["responded_on": "on"],
        read: { input in
            let day = input.date("on"), steps = input.text("steps", maxLength: 4_000), answer = input.optionalText("answer", maxLength: 4_000)
            guard let day, let steps else { return nil }
            return .respond(on: day, steps: steps, answer: answer)
        })

    /// The tips list's form: a tip received by phone, mail or in person, as `attest tip
    /// record` records it; with its text sealed with the tenant's public tip key.
    static func received() -> RecordForm {
        let channels = TipRecord.Channel.allCases.filter { $0 != .web }.map { FormField.Choice(value: $0.rawValue, label: $0.label) }
        let textHint = "Sealed with the tenant's tip key: only accounts allowed to read tips can open it."
        return RecordForm(
            id: "record", title: "Record a tip received by phone, mail or in person", sentence: "Tip recorded.",
            fields: [FormField("tip", "An id for the tip", .text(maxLength: 64)), FormField("on", "Received on", .date),
                     FormField("channel", "Received by", .choice(channels)),
                     FormField("with_contact", "The reporter left a way to reach them", .checkbox, required: false),
                     FormField("text", "What the tip says", .textArea(maxLength: EventRecordsRepository.recordedTipTextLimit), required: false,
                               hint: textHint)],
            renaming: ["received_on": "on"],
            read: { input in
                let id = input.text("tip", maxLength: 64), day = input.date("on"), channel = input.choice("channel", TipRecord.Channel.self)
                let text = input.optionalText("text", maxLength: EventRecordsRepository.recordedTipTextLimit)
                if channel == .web { input.fail("channel", "a web tip comes through the tip form, not this one") }
                guard let id, let day, let channel, channel != .web else { return nil }
                var tip = TipRecord(tipID: id, receivedOn: day, channel: channel)
                tip.anonymous = !input.checked("with_contact")
                let received = tip
                return { context, connection, logger in
                    try await EventRecordsRepository().recordNewTipInConsole(received, text: text, context: context,
                                                                             connection: connection, logger: logger)
                }
            })
    }

    private static func step(_ id: String, _ title: String, _ sentence: String, renaming: [String: String],
                             _ change: @escaping @Sendable (CivilDate) -> TipChange) -> TipStep {
        TipStep(id: id, title: title, sentence: sentence, fields: [FormField("on", "Date", .date)], renaming: renaming,
                read: { input in input.date("on").map(change) })
    }
}

/// One protocol step's form and the ``TipChange`` it records.
struct TipStep: Sendable {
    let id: String
    let title: String
    let sentence: String
    let fields: [FormField]
    let renaming: [String: String]
    let read: @Sendable (inout FormInput) -> TipChange?

    /// The form that records the step on the tip `tipID`.
    func form(tip tipID: String) -> RecordForm {
        let read = self.read
        return RecordForm(id: id, title: title, sentence: sentence, fields: fields, renaming: renaming, read: { input in
            guard let change = read(&input) else { return nil }
            return { context, connection, logger in
                try await EventRecordsRepository().record(change, tip: tipID, context: context, connection: connection, logger: logger)
            }
        })
    }
}

extension TipRecord.Channel {
    /// How the tips list names the channel.
    var label: String {
        switch self {
        case .web: "The tip form"
        case .phone: "Phone"
        case .email: "E-mail"
        case .mail: "Mail"
        case .inPerson: "In person"
        case .other: "Other"
        }
    }
}
