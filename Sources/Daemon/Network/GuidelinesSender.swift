import Compliance
import Foundation
import Logging
import Mailer
import Storage

/// E-mails the IMAGE guidelines to every company of a tenant's hiring network not yet
/// reached in a year, and records each attempt: an accepted message records the year's
/// communication (completing the company's obligation), a refused one leaves it open so
/// that its reminders continue. Running it again sends only to those still not reached,
/// with the same Message-ID (derived from tenant, company and year).
public struct GuidelinesSender: Sendable {
    let database: Database
    let transport: any MailTransport
    let sender: MailAddress
    let templates: TemplateSet
    let actor: String

    public init(database: Database, transport: any MailTransport, sender: MailAddress, templates: TemplateSet, actor: String) {
        self.database = database
        self.transport = transport
        self.sender = sender
        self.templates = templates
        self.actor = actor
    }

    /// Sends `year`'s guidelines for the tenant `slug` on `day` (default: today in the
    /// tenant's zone). Sends happen outside any transaction; each outcome is recorded in
    /// its own, so a success is never lost to a later failure.
    ///
    /// - Throws: when `year` is not the year of the send day, or the tenant is unknown.
    public func send(slug: String, year: Int?, on day: CivilDate? = nil) async throws -> GuidelinesRun {
        let work = TenantWork(database: database)
        let (tenant, today, companies) = try await work.run(slug: slug, actor: actor) { context, connection in
            let today = try day ?? context.rules.sendTime().civilDate(of: Date())
            let year = year ?? today.year
            guard year == today.year else {
                throw StorageError(.invalidInput, "year: the guidelines are sent today (\(today)), so they count for \(today.year), not \(year); record a communication of another year with `attest network communicated`")
            }
            let companies = try await NetworkSendRepository().unreached(year: year, context: context, connection: connection, logger: database.logger)
            return (context.tenant, today, companies)
        }
        var run = GuidelinesRun(year: today.year)
        for company in companies {
            let send = await attempt(company, tenant: tenant, year: today.year)
            _ = try await work.run(tenant: tenant, actor: actor) { context, connection in
                try await NetworkSendRepository().record(send, on: today, context: context, connection: connection, logger: database.logger)
            }
            database.logger.info("network guidelines", metadata: [
                "tenant": "\(tenant.slug)", "network.company": "\(company.companyID)", "network.outcome": "\(send.outcome.rawValue)",
                "smtp.reply": "\(AddressRedaction.redacted(send.reply))",
            ])
            run.sends.append(GuidelinesRun.Result(companyID: company.companyID, name: company.name, send: send))
        }
        return run
    }

    /// The Message-ID of a year's guidelines to a company: the same on every resend.
    public static func messageID(tenant: Tenant, company: String, year: Int) -> String {
        "<network-guidelines.\(year).\(company)@\(tenant.slug).attest.invalid>"
    }

    private func attempt(_ company: UnreachedCompany, tenant: Tenant, year: Int) async -> NetworkSend {
        let messageID = Self.messageID(tenant: tenant, company: company.companyID, year: year)
        func failed(_ outcome: NetworkSend.Outcome, _ reply: String, code: Int? = nil) -> NetworkSend {
            NetworkSend(companyID: company.companyID, year: year, recipient: company.contactEmail, messageID: messageID,
                        outcome: outcome, replyCode: code, reply: reply)
        }
        guard let email = company.contactEmail else { return failed(.noAddress, "no contact e-mail address on record") }
        let message: MailMessage
        do {
            let rendered = try templates.render(NetworkGuidelines(tenantLegalName: tenant.legalName, companyName: company.name,
                                                                  contactName: company.contactName, year: year))
            message = try MailMessage(from: sender, to: [try MailAddress(email, name: company.contactName)], subject: rendered.subject,
                                     messageID: messageID, text: rendered.text, html: rendered.html)
        } catch {
            return failed(.permanentFailure, "the message could not be made: \(error)")
        }
        let outcome = await transport.send(message)
        switch outcome {
        case .accepted(let receipt) where receipt.refusedRecipients.isEmpty:
            return failed(.accepted, receipt.reply.description, code: receipt.reply.code)
        case .accepted(let receipt):
            return failed(.permanentFailure, receipt.description, code: receipt.refusedRecipients.first?.reply.code)
        case .transientFailure(let failure):
            return failed(.transientFailure, failure.description, code: failure.code ?? failure.recipients.first?.reply.code)
        case .permanentFailure(let failure):
            return failed(.permanentFailure, failure.description, code: failure.code ?? failure.recipients.first?.reply.code)
        case .unknown(let failure):
            return failed(.unknown, failure.description, code: failure.code)
        }
    }
}

/// What one run of ``GuidelinesSender`` did.
public struct GuidelinesRun: Sendable {
    /// One company's attempt.
    public struct Result: Sendable {
        public let companyID: String
        public let name: String
        public let send: NetworkSend
    }

    public let year: Int
    public var sends: [Result] = []

    /// Companies reached by this run.
    public var reached: [Result] { sends.filter { $0.send.outcome == .accepted } }
    /// Companies this run did not reach (their obligation stays open).
    public var notReached: [Result] { sends.filter { $0.send.outcome != .accepted } }
}
