import Foundation
import Hummingbird

/// Where a request came from, as far as a server may believe: the peer's address, or,
/// when the peer is a trusted proxy (`ATTEST_TRUSTED_PROXIES`), the client address and
/// scheme the proxy reports — RFC 7239 `Forwarded` first, else `X-Forwarded-For` and
/// `X-Forwarded-Proto`, the last entry of each (the one the trusted proxy appended).
/// Anyone else's forwarding headers are ignored.
public struct RequestOrigin: Sendable {
    /// The client's address (IPv6 kept whole; ``throttleKey`` groups it by /64).
    public let address: String
    /// Whether the client used HTTPS.
    public let isHTTPS: Bool

    public init(_ request: Request, peer: String?, trustedProxies: Set<String>) {
        let peer = peer ?? "unknown"
        guard trustedProxies.contains(peer) else {
            (address, isHTTPS) = (peer, request.head.scheme == "https")
            return
        }
        let forwarded = request.headers[PageHeaders.forwarded].flatMap(Self.lastForwardedElement)
        let forwardedFor = request.headers[PageHeaders.forwardedFor]?.split(separator: ",").last
            .map { $0.trimmingCharacters(in: .whitespaces) }
        address = (forwarded?.client ?? forwardedFor).flatMap(Self.ipAddress) ?? peer
        let proto = forwarded?.proto ?? request.headers[PageHeaders.forwardedProto]
        isHTTPS = proto?.lowercased() == "https" || request.head.scheme == "https"
    }

    /// The key a client's requests count under: an IPv4 address whole, an IPv6 address
    /// by its /64 (one host may hold a whole /64).
    public var throttleKey: String {
        guard address.contains(":") else { return "source:\(address)" }
        let expanded = Self.expand(address)
        return "source:\(expanded.prefix(4).joined(separator: ":"))::/64"
    }

    /// `for` and `proto` of the last element of a `Forwarded` header.
    private static func lastForwardedElement(_ header: String) -> (client: String?, proto: String?)? {
        guard let element = header.split(separator: ",").last else { return nil }
        var client: String?, proto: String?
        for pair in element.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            switch parts[0].lowercased() {
            case "for": client = value
            case "proto": proto = value
            default: break
            }
        }
        return (client, proto)
    }

    /// The IP address in a forwarded value (`192.0.2.1`, `192.0.2.1:4711`,
    /// `[2001:db8::1]:4711`, `2001:db8::1`), or nil for anything else (`unknown`, an
    /// obfuscated identifier, garbage).
    static func ipAddress(_ value: String) -> String? {
        var text = value
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: text.startIndex)..<close])
        } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
            text = String(text[..<colon])
        }
        let isIPv4 = text.split(separator: ".", omittingEmptySubsequences: false).count == 4
            && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { UInt8($0) != nil }
        let isIPv6 = text.contains(":") && text.count <= 45 && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        return isIPv4 || isIPv6 ? text.lowercased() : nil
    }

    private static func expand(_ address: String) -> [String] {
        let parts = address.components(separatedBy: "::")
        let head = parts[0].split(separator: ":").map(String.init)
        let tail = parts.count > 1 ? parts[1].split(separator: ":").map(String.init) : []
        let zeros = Array(repeating: "0", count: max(0, 8 - head.count - tail.count))
        return (head + zeros + tail).map { String(Int($0, radix: 16) ?? 0, radix: 16) }
    }
}
