/// A message could not be built from the values given.
public struct MessageError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Reason: Sendable, Equatable {
        case forbiddenCharacter(field: String)
        case invalidAddress(String)
        case invalidMessageID(String)
        case noRecipients
    }

    let reason: Reason

    init(_ reason: Reason) { self.reason = reason }

    /// Whether the error is a CR, LF or NUL in a header value (header injection).
    public var isHeaderInjection: Bool {
        if case .forbiddenCharacter = reason { return true }
        return false
    }

    public var description: String {
        switch reason {
        case .forbiddenCharacter(let field):
            "the \(field) contains a line break or NUL, which could inject headers; remove it from the source data"
        case .invalidAddress(let address):
            "\"\(address)\" is not a usable e-mail address (ASCII local@domain, no spaces or angle brackets); correct it in the source data"
        case .invalidMessageID(let id):
            "\"\(id)\" is not a usable Message-ID (ASCII, no spaces, one @, like <key@host>)"
        case .noRecipients:
            "the message has no recipient"
        }
    }
}
