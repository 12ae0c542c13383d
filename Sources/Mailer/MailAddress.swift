/// An e-mail address with an optional display name, as in `Ann Lee <ann@example.com>`.
///
/// The address itself must be ASCII (SMTPUTF8 is not used); the display name may be any
/// text and is sent as RFC 2047 encoded-words when it is not plain ASCII.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// `local@domain`.
    public let address: String
    /// The display name, if any.
    public let name: String?

    /// - Throws: ``MessageError`` when the address is not `local@domain` in printable
    ///   ASCII, or either part contains CR, LF or NUL.
    public init(_ address: String, name: String? = nil) throws(MessageError) {
        try HeaderText.checkNoLineBreaks(address, field: "address")
        if let name { try HeaderText.checkNoLineBreaks(name, field: "display name") }
        guard Self.isValid(address) else { throw MessageError(.invalidAddress(address)) }
        self.address = address
        self.name = name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The header form: `name <address>` with the name quoted or encoded as needed.
    var headerValue: String {
        guard let name else { return address }
        return "\(HeaderText.phrase(name)) <\(address)>"
    }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    private static func isValid(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
        guard !bytes.contains(where: { "<>()[]\\,;:\"".utf8.contains($0) }) else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains(".") || parts[1] == "localhost" else { return false }
        return !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && parts[0].count <= 64
    }
}
