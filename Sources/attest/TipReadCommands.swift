import ArgumentParser
import Compliance
import Daemon
import Foundation
import Storage

extension TipCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenant's tips (without their text).")
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let context = try await CommandContext.load()
            let tenant = options.tenant
            let tips = try await context.withDatabase { database in
                try await TenantWork(database: database).run(slug: tenant, actor: RecordCommandRunner.actor) { tenantContext, connection in
                    try await EventRecordsRepository().listTips(context: tenantContext, connection: connection, logger: database.logger)
                }
            }
            if options.json { return try JSONOutput.print(tips.map(TipJSON.init)) }
            print("ID                    RECEIVED    CHANNEL    STATUS        LANG  CONTACT  ANSWERED")
            for listing in tips {
                let tip = listing.tip
                print([tip.tipID.padding(21), tip.receivedOn.description.padding(11), tip.channel.rawValue.padding(10),
                       tip.status.rawValue.padding(13), tip.language.padding(5), (listing.hasContact ? "yes" : "no").padding(8),
                       tip.publicAnswer.isEmpty ? "no" : "yes"].joined(separator: " "))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a tip with its text and contact (needs ATTEST_TIP_KEY_DIR); the reading is recorded in the events.")
        @Argument(help: "The tip's id.") var tipID: String
        @OptionGroup var options: TenantOptions

        func run() async throws {
            let context = try await CommandContext.load()
            let (tenant, id) = (options.tenant, tipID)
            let content = try await context.withDatabase { database in
                let keys = try context.configuration.tipKeyRing()
                return try await TenantWork(database: database).run(slug: tenant, actor: RecordCommandRunner.actor) { tenantContext, connection in
                    try await EventRecordsRepository().openTip(id, keys: keys, context: tenantContext, connection: connection, logger: database.logger)
                }
            }
            if options.json { return try JSONOutput.print(TipJSON(content)) }
            let tip = content.tip
            print("tip \(tip.tipID): \(tip.channel.rawValue), received \(tip.receivedOn), \(tip.status.rawValue), language \(tip.language)")
            let steps = [("acknowledged", tip.acknowledgedOn), ("investigated", tip.investigatedOn), ("responded", tip.respondedOn),
                         ("closed", tip.closedOn)]
            for (label, date) in steps {
                if let date { print("\(label): \(date)") }
            }
            // What a reporter or an operator typed is shown without its control characters, so
            // that it cannot drive the terminal (JSON output escapes them instead).
            let shown = TerminalText.printable
            if !tip.protocolSteps.isEmpty { print("protocol steps: \(shown(tip.protocolSteps))") }
            print("contact: \(content.contact.map(shown) ?? (tip.anonymous ? "(anonymous)" : "(given by other means)"))")
            print("public answer: \(tip.publicAnswer.isEmpty ? "(none yet)" : shown(tip.publicAnswer))")
            print("text:\n\(content.text.map(shown) ?? "(no text stored)")")
        }
    }
}

/// A tip in `attest tip list --json` and `attest tip show --json`.
struct TipJSON: Encodable {
    let id: String, receivedOn: String, channel: String, status: String, language: String, anonymous: Bool
    let acknowledgedOn: String?, investigatedOn: String?, respondedOn: String?, closedOn: String?, protocolSteps: String, publicAnswer: String
    var hasText: Bool?, hasContact: Bool?, text: String?, contact: String?

    enum CodingKeys: String, CodingKey {
        case id, channel, status, language, anonymous, text, contact
        case receivedOn = "received_on", acknowledgedOn = "acknowledged_on", investigatedOn = "investigated_on",
             respondedOn = "responded_on", closedOn = "closed_on"
        case protocolSteps = "protocol_steps", publicAnswer = "public_answer", hasText = "has_text", hasContact = "has_contact"
    }

    init(_ tip: TipRecord) {
        id = tip.tipID; receivedOn = tip.receivedOn.description; channel = tip.channel.rawValue; status = tip.status.rawValue
        language = tip.language; anonymous = tip.anonymous; acknowledgedOn = tip.acknowledgedOn?.description
        investigatedOn = tip.investigatedOn?.description
        respondedOn = tip.respondedOn?.description; closedOn = tip.closedOn?.description
        protocolSteps = tip.protocolSteps; publicAnswer = tip.publicAnswer
    }

    init(_ listing: TipListing) {
        self.init(listing.tip)
        hasText = listing.hasText
        hasContact = listing.hasContact
    }

    init(_ content: TipContent) {
        self.init(content.tip)
        text = content.text
        contact = content.contact
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
