import Compliance
import Foundation
import PostgresNIO

/// A company of the hiring network that has not been sent the IMAGE guidelines in a year.
public struct UnreachedCompany: Sendable, Equatable {
    public var companyID: String
    public var name: String
    public var contactName: String?
    public var contactEmail: String?
}

/// One attempt to e-mail the IMAGE guidelines to a company, and how it ended.
public struct NetworkSend: Sendable, Equatable {
    /// How the attempt ended (stored in `attest.network_sends.outcome`).
    public enum Outcome: String, Sendable, CaseIterable {
        case accepted
        case transientFailure = "transient_failure"
        case permanentFailure = "permanent_failure"
        case unknown
        /// The company has no contact e-mail address on record.
        case noAddress = "no_address"
    }

    public var companyID: String
    public var year: Int
    public var recipient: String?
    public var messageID: String
    public var outcome: Outcome
    public var replyCode: Int?
    /// The server's reply, or what went wrong.
    public var reply: String

    public init(companyID: String, year: Int, recipient: String?, messageID: String, outcome: Outcome, replyCode: Int?, reply: String) {
        self.companyID = companyID
        self.year = year
        self.recipient = recipient
        self.messageID = messageID
        self.outcome = outcome
        self.replyCode = replyCode
        self.reply = reply
    }
}

/// The e-mails of the IMAGE guidelines to the hiring network: every query on
/// `attest.network_sends`, and which companies a year's sending still has to reach.
public struct NetworkSendRepository: Sendable {
    public init() {}

    /// Companies that had joined by the end of `year` and have no communication of the
    /// guidelines recorded in it (by e-mail or otherwise), in id order.
    public func unreached(year: Int, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [UnreachedCompany] {
        let rows = try await connection.query("""
            SELECT c.company_id, c.name, c.contact_name, c.contact_email FROM attest.network_companies AS c
            WHERE c.tenant_id = \(context.tenant.id) AND extract(year FROM c.joined_on) <= \(year)
              AND NOT EXISTS (SELECT 1 FROM attest.network_communications AS m
                              WHERE m.tenant_id = c.tenant_id AND m.company_id = c.company_id AND extract(year FROM m.sent_on) = \(year))
            ORDER BY c.company_id
            """, logger: logger)
        return try await rows.decode((String, String, String?, String?).self).reduce(into: []) {
            $0.append(UnreachedCompany(companyID: $1.0, name: $1.1, contactName: $1.2, contactEmail: $1.3))
        }
    }

    /// Records one attempt; an accepted one also records the year's communication on
    /// `date`, which completes the company's obligation (``NetworkRepository/recordCommunication``).
    public func record(_ send: NetworkSend, on date: CivilDate, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ReconcileReport {
        try await connection.query("""
            INSERT INTO attest.network_sends (tenant_id, company_id, year, recipient, message_id, outcome, reply_code, reply)
            VALUES (\(context.tenant.id), \(send.companyID), \(send.year), \(send.recipient), \(send.messageID), \(send.outcome.rawValue),
                    \(send.replyCode), \(send.reply))
            """, logger: logger)
        guard send.outcome == .accepted else {
            try await EventLog.append([Event(action: "network.guidelines_not_sent", subjectKind: "network_company", subjectID: send.companyID,
                                             details: ["year": String(send.year), "outcome": send.outcome.rawValue])],
                                      context: context, connection: connection, logger: logger)
            return ReconcileReport()
        }
        return try await NetworkRepository().recordCommunication(company: send.companyID, on: date, channel: "email", reference: send.messageID,
                                                                 context: context, connection: connection, logger: logger)
    }

    /// Every attempt for a company in a year, oldest first.
    public func sends(company: String, year: Int, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> [NetworkSend] {
        let rows = try await connection.query("""
            SELECT recipient, message_id, outcome, reply_code, reply FROM attest.network_sends
            WHERE tenant_id = \(context.tenant.id) AND company_id = \(company) AND year = \(year) ORDER BY id
            """, logger: logger)
        return try await rows.decode((String?, String, String, Int?, String).self).reduce(into: []) {
            $0.append(NetworkSend(companyID: company, year: year, recipient: $1.0, messageID: $1.1,
                                  outcome: NetworkSend.Outcome(rawValue: $1.2) ?? .unknown, replyCode: $1.3, reply: $1.4))
        }
    }
}
