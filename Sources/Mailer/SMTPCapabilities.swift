/// What an SMTP server offers in its EHLO reply (RFC 5321 §4.1.1.1).
struct SMTPCapabilities: Sendable, Equatable {
    /// Whether the server answered EHLO (false after the HELO fallback).
    var isExtended = false
    var startTLS = false
    var pipelining = false
    /// The SIZE limit in octets; 0 means "no fixed limit"; nil when SIZE is not offered.
    var sizeLimit: Int?
    /// Upper-cased AUTH mechanism names.
    var authMechanisms: Set<String> = []

    /// Capabilities of a server that only answered HELO.
    static let basic = SMTPCapabilities()

    /// Reads the EHLO reply. Keywords match case-insensitively; the old `AUTH=LOGIN`
    /// form is accepted as well as `AUTH LOGIN`.
    init(ehloReply reply: SMTPReply) {
        isExtended = true
        for line in reply.lines.dropFirst() {
            read(line)
        }
    }

    private init() {}

    private mutating func read(_ line: String) {
        let words = line.uppercased().split(whereSeparator: { $0 == " " || $0 == "=" })
        guard let keyword = words.first else { return }
        let parameters = words.dropFirst().map(String.init)
        switch keyword {
        case "STARTTLS": startTLS = true
        case "PIPELINING": pipelining = true
        case "SIZE": sizeLimit = parameters.first.flatMap { Int($0) } ?? 0
        case "AUTH": authMechanisms.formUnion(parameters)
        default: break
        }
    }
}
