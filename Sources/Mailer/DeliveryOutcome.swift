/// What became of one message handed to a ``MailTransport``.
public enum DeliveryOutcome: Sendable, CustomStringConvertible {
    /// The server took responsibility for the message (its reply to the final dot).
    case accepted(DeliveryReceipt)
    /// Not delivered, but may be later: a 4xx reply, a network error or timeout before
    /// the final dot. Retry with backoff.
    case transientFailure(DeliveryFailure)
    /// Not delivered and never will be as it is: a 5xx reply. Do not retry.
    case permanentFailure(DeliveryFailure)
    /// The connection failed after the final dot: the relay may or may not have the
    /// message. Resend at most once, with the same Message-ID.
    case unknown(DeliveryFailure)

    /// The server's last reply, when there was one.
    public var reply: SMTPReply? {
        switch self {
        case .accepted(let receipt): receipt.reply
        case .transientFailure(let failure), .permanentFailure(let failure), .unknown(let failure): failure.reply
        }
    }

    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }

    /// One line for logs and the `attest mail test` command.
    public var description: String {
        switch self {
        case .accepted(let receipt): "accepted: \(receipt)"
        case .transientFailure(let failure): "transient failure: \(failure)"
        case .permanentFailure(let failure): "permanent failure: \(failure)"
        case .unknown(let failure): "unknown (the relay may have the message): \(failure)"
        }
    }
}

/// The server's acceptance of a message.
public struct DeliveryReceipt: Sendable, CustomStringConvertible {
    /// The reply to the final dot (or, for a maildir, a made-up `250` naming the file).
    public let reply: SMTPReply
    /// Recipients the server refused while it accepted the others.
    public let refusedRecipients: [RecipientFailure]

    public init(reply: SMTPReply, refusedRecipients: [RecipientFailure] = []) {
        self.reply = reply
        self.refusedRecipients = refusedRecipients
    }

    public var description: String {
        guard !refusedRecipients.isEmpty else { return reply.description }
        return "\(reply); refused: " + refusedRecipients.map(\.description).joined(separator: "; ")
    }
}

/// One recipient the server refused with its RCPT reply.
public struct RecipientFailure: Sendable, CustomStringConvertible {
    public let recipient: String
    public let reply: SMTPReply

    /// 5xx except 552 (which RFC 5321 §4.5.3.1.10 says to treat as temporary at RCPT).
    public var isPermanent: Bool { reply.isPermanent && reply.code != 552 }

    public var description: String { "<\(recipient)> \(reply)" }
}

/// Where in the SMTP conversation a delivery failed.
public enum DeliveryStage: String, Sendable {
    /// Connecting, greeting, EHLO, STARTTLS, AUTH.
    case connection
    /// `MAIL FROM` (or the SIZE check before it).
    case sender
    /// `RCPT TO`: see ``DeliveryFailure/recipients``.
    case recipients
    /// `DATA`, up to its 354.
    case data
    /// The message body and the final dot.
    case message
    /// Writing to a maildir.
    case storage
}

/// Why a message was not (or may not have been) delivered.
public struct DeliveryFailure: Sendable, CustomStringConvertible {
    public let stage: DeliveryStage
    /// The server's reply, when the failure was a reply.
    public let reply: SMTPReply?
    /// The error, when the failure was not a plain reply (timeout, network, TLS, …).
    public let error: (any Error & Sendable)?
    /// Each refused recipient with its reply.
    public let recipients: [RecipientFailure]

    public init(stage: DeliveryStage, reply: SMTPReply? = nil, error: (any Error & Sendable)? = nil, recipients: [RecipientFailure] = []) {
        self.stage = stage
        self.reply = reply ?? (error as? SMTPError)?.reply
        self.error = error
        self.recipients = recipients
    }

    /// The reply code, when there was a reply.
    public var code: Int? { reply?.code }
    /// The enhanced status code, when the server sent one.
    public var enhancedCode: EnhancedStatusCode? { reply?.enhancedCode }
    /// The reply text or the error's description.
    public var text: String { reply?.text ?? error.map { String(describing: $0) } ?? "" }
    /// The error as an ``SMTPError``, to test `failure.smtpError?.code == .timeout`.
    public var smtpError: SMTPError? { error as? SMTPError }

    public var description: String {
        var text = "at \(stage.rawValue): "
        if let error { text += String(describing: error) } else if let reply { text += reply.description }
        if !recipients.isEmpty {
            text += " (" + recipients.map(\.description).joined(separator: "; ") + ")"
        }
        return text
    }
}
