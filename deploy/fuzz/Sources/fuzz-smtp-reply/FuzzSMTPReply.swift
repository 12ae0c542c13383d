import Mailer

/// Feeds the bytes to one `SMTPReplyParser` in fragments whose sizes come from the
/// first byte (a server's replies arrive split anywhere), then reads every reply the way
/// the client does: its text, its description and the redacted form that is logged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunk = Int(data[0] % 17) + 1
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    var parser = SMTPReplyParser()
    var start = 0
    do {
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            for reply in try parser.consume(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                precondition((100...599).contains(reply.code), "reply code out of range")
                precondition(!reply.lines.isEmpty && reply.lines.count <= 200, "reply with \(reply.lines.count) lines")
                if let enhanced = reply.enhancedCode {
                    precondition(enhanced.statusClass == reply.code / 100, "enhanced code of another class")
                }
                _ = reply.text
                _ = reply.isPositive || reply.isTransient || reply.isPermanent || reply.isServiceClosing
                _ = AddressRedaction.redacted(reply.description)
            }
            start = end
        }
        _ = parser.hasBufferedInput
    } catch {
        _ = String(describing: error)
    }
    return 0
}
