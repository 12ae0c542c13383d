import NIOCore

/// One mail transaction on an open connection: MAIL, RCPT…, DATA, the body, with
/// PIPELINING when the server offers it, and RSET after a failure.
struct SMTPTransaction {
    let connection: SMTPConnection
    let envelope: SMTPEnvelope
    /// The dot-stuffed body ending in CRLF.CRLF.
    let body: ByteBuffer
    /// The message size before dot-stuffing, for SIZE.
    let size: Int

    /// The outcome, and whether the connection may carry another message.
    func run() async -> (DeliveryOutcome, reusable: Bool) {
        if let failure = sizeCheck() { return (.permanentFailure(failure), true) }
        do {
            let (replies, bodyResult) = try await envelopeReplies()
            if let outcome = try await envelopeFailure(replies) {
                return try await finishFailed(outcome, replies: replies)
            }
            let result = if let bodyResult { bodyResult } else { await connection.sendBody(body) }
            return await bodyOutcome(result, refused: replies.refused)
        } catch {
            connection.close()
            let stage: DeliveryStage = .sender
            return (error.isTransient ? .transientFailure(.init(stage: stage, error: error)) : .permanentFailure(.init(stage: stage, error: error)), false)
        }
    }

    private struct EnvelopeReplies {
        var mail: SMTPReply
        var recipients: [SMTPReply]
        /// nil when DATA was not sent (no pipelining and the envelope failed).
        var data: SMTPReply?
        var refused: [RecipientFailure] = []
        var anyAccepted: Bool { recipients.contains { $0.code == 250 || $0.code == 251 } }
    }

    private func sizeCheck() -> DeliveryFailure? {
        guard let limit = connection.capabilities.sizeLimit, limit > 0, size > limit else { return nil }
        return DeliveryFailure(stage: .sender, error: SMTPError(.messageTooLarge(size, limit)))
    }

    private var timeouts: SMTPTimeouts { connection.configuration.timeouts }

    private var mailCommand: SMTPConnection.Command {
        var line = "MAIL FROM:<\(envelope.sender)>"
        if connection.capabilities.sizeLimit != nil { line += " SIZE=\(size)" }
        return .init(name: "MAIL FROM", line: line, timeout: timeouts.mail)
    }

    private func recipientCommand(_ address: String) -> SMTPConnection.Command {
        .init(name: "RCPT TO", line: "RCPT TO:<\(address)>", timeout: timeouts.recipient)
    }

    private var dataCommand: SMTPConnection.Command {
        .init(name: "DATA", line: "DATA", timeout: timeouts.dataInitiation)
    }

    /// MAIL + RCPTs + DATA in one flush with PIPELINING (the body following at once
    /// when they all went well); one at a time otherwise.
    private func envelopeReplies() async throws(SMTPError) -> (EnvelopeReplies, SMTPConnection.BodyResult?) {
        let count = envelope.recipients.count
        var result: EnvelopeReplies
        var bodyResult: SMTPConnection.BodyResult?
        if connection.capabilities.pipelining {
            let commands = [mailCommand] + envelope.recipients.map(recipientCommand) + [dataCommand]
            let (replies, sent) = try await connection.pipelinedTransaction(commands, body: body) { replies in
                replies[0].code == 250 && replies[1...count].contains { $0.code == 250 || $0.code == 251 }
                    && replies[count + 1].code == 354
            }
            result = EnvelopeReplies(mail: replies[0], recipients: Array(replies[1...count]), data: replies[count + 1])
            bodyResult = sent
        } else {
            result = try await sequentialReplies()
        }
        result.refused = zip(envelope.recipients, result.recipients)
            .filter { !($0.1.code == 250 || $0.1.code == 251) }
            .map { RecipientFailure(recipient: $0.0, reply: $0.1) }
        return (result, bodyResult)
    }

    private func sequentialReplies() async throws(SMTPError) -> EnvelopeReplies {
        let mail = try await connection.exchange([mailCommand])[0]
        var result = EnvelopeReplies(mail: mail, recipients: [], data: nil)
        guard mail.code == 250 else { return result }
        for address in envelope.recipients {
            let reply = try await connection.exchange([recipientCommand(address)])[0]
            result.recipients.append(reply)
            if reply.isServiceClosing { return result }
        }
        guard result.anyAccepted else { return result }
        result.data = try await connection.exchange([dataCommand])[0]
        return result
    }

    /// The failure outcome when the envelope was not accepted; nil to go on with the body.
    private func envelopeFailure(_ replies: EnvelopeReplies) async throws(SMTPError) -> DeliveryOutcome? {
        if replies.mail.code != 250 {
            return Self.outcome(for: replies.mail, stage: .sender)
        }
        if !replies.anyAccepted {
            let transient = replies.refused.contains { !$0.isPermanent }
            let failure = DeliveryFailure(stage: .recipients, reply: replies.refused.first?.reply, recipients: replies.refused)
            return transient ? .transientFailure(failure) : .permanentFailure(failure)
        }
        guard let data = replies.data, data.code == 354 else {
            return replies.data.map { Self.outcome(for: $0, stage: .data) }
                ?? .transientFailure(.init(stage: .data, error: SMTPError(.connectionClosed)))
        }
        return nil
    }

    /// After a failed envelope: end a DATA the server opened anyway, then RSET, unless the
    /// server is closing (421), in which case the connection is dropped.
    private func finishFailed(_ outcome: DeliveryOutcome, replies: EnvelopeReplies) async throws(SMTPError) -> (DeliveryOutcome, reusable: Bool) {
        let all = [replies.mail] + replies.recipients + (replies.data.map { [$0] } ?? [])
        if all.contains(where: \.isServiceClosing) {
            await connection.quit()
            return (outcome, false)
        }
        if replies.data?.code == 354 {
            _ = try await connection.exchange([.init(name: "the end of an empty message", line: ".", timeout: timeouts.dataTermination)])
        }
        return (outcome, await reset())
    }

    private func bodyOutcome(_ result: SMTPConnection.BodyResult, refused: [RecipientFailure]) async -> (DeliveryOutcome, reusable: Bool) {
        switch result {
        case .failure(let error):
            connection.close()
            return (.transientFailure(.init(stage: .message, error: error)), false)
        case .success(.failure(let error)):
            connection.close()
            return (.unknown(.init(stage: .message, error: error)), false)
        case .success(.success(let reply)) where reply.code == 250:
            return (.accepted(DeliveryReceipt(reply: reply, refusedRecipients: refused)), true)
        case .success(.success(let reply)):
            let outcome = Self.outcome(for: reply, stage: .message)
            if reply.isServiceClosing {
                await connection.quit()
                return (outcome, false)
            }
            return (outcome, await reset())
        }
    }

    /// RSET after a failed transaction; false when the connection should not be reused.
    private func reset() async -> Bool {
        guard let reply = try? await connection.exchange([.init(name: "RSET", line: "RSET", timeout: timeouts.command)])[0],
              reply.code == 250
        else {
            connection.close()
            return false
        }
        return true
    }

    static func outcome(for reply: SMTPReply, stage: DeliveryStage) -> DeliveryOutcome {
        let failure = DeliveryFailure(stage: stage, reply: reply)
        return reply.isPermanent ? .permanentFailure(failure) : .transientFailure(failure)
    }
}
