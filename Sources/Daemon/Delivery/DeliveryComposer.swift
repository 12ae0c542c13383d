import Compliance
import Foundation
import Mailer
import Storage

/// Renders a claimed delivery into an e-mail with the tenant's templates. The
/// Message-ID comes from the delivery's key, so a resend is the same message.
struct DeliveryComposer: Sendable {
    let templates: TemplateSet
    let sender: MailAddress
    /// Links to the console's pages (`ATTEST_CONSOLE_URL`); nil: the e-mails carry none.
    var links: ConsoleLinks? = nil

    func message(for delivery: ClaimedDelivery, items: [DeliveryItem], tenant: Tenant, today: CivilDate) throws -> MailMessage {
        let context = ReminderContext(
            recipientName: delivery.recipient,
            tenantLegalName: tenant.legalName,
            items: items.map { item in
                let subject = SubjectDescription.describe(item.subject, tenant: tenant)
                return ReminderItem(kind: item.kind, title: subject, subjectDescription: subject,
                                    dueDate: item.dueOn.description, daysUntilDue: today.days(to: item.dueOn), stage: item.stage,
                                    reason: item.reason,
                                    link: links?.link(kind: item.kind, subject: item.subject, cycle: item.cycle, tenant: tenant.slug) ?? "")
            })
        let rendered = try templates.render(context)
        return try MailMessage(from: sender, to: [try MailAddress(delivery.recipient)], subject: rendered.subject,
                               messageID: delivery.messageID, text: rendered.text, html: rendered.html)
    }
}

/// What a reader knows an obligation's subject by.
enum SubjectDescription {
    /// `hire/E-1042` → `employee E-1042`, and so on; the tenant's name for the tenant's
    /// own work.
    static func describe(_ subject: String, tenant: Tenant) -> String {
        let parts = subject.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return subject }
        switch parts[0] {
        case "hire": return "employee \(parts[1])"
        case "everify_case": return "E-Verify case \(parts[1])"
        case "person": return "person \(parts[1])"
        case "nomatch_letter": return "no-match letter \(parts[1])"
        case "policy": return "policy \(parts[1])"
        case "training_program": return "training program version \(parts[1])"
        case "network_company": return "network company \(parts[1])"
        case "tip": return "tip \(parts[1])"
        case "self_report": return "self-report \(parts[1])"
        default: return tenant.legalName
        }
    }
}

/// Maps a transport's outcome to what the queue records, with the retry delay.
enum DeliveryResultMapping {
    static func result(of outcome: DeliveryOutcome, attempt: Int) -> DeliveryResult {
        switch outcome {
        case .accepted(let receipt):
            return .sent(code: receipt.reply.code, reply: receipt.reply.text)
        case .transientFailure(let failure):
            return .transient(code: failure.code, reply: failure.text, retryAfter: RetryPolicy.delay(afterAttempt: attempt))
        case .permanentFailure(let failure):
            return .permanent(code: failure.code, reply: failure.text)
        case .unknown(let failure):
            return .unknown(reply: failure.text, retryAfter: RetryPolicy.delay(afterAttempt: attempt))
        }
    }
}

/// Exponential backoff with jitter, capped.
enum RetryPolicy {
    static let base: TimeInterval = 30
    static let cap: TimeInterval = 3_600

    /// 30 s, 60 s, 120 s … up to an hour, each scaled by a random factor in [0.5, 1].
    static func delay(afterAttempt attempt: Int) -> TimeInterval {
        let exponential = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        return exponential * Double.random(in: 0.5...1.0)
    }
}
