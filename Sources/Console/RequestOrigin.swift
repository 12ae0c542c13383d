import Foundation
import Hummingbird
import WebCommon

/// Where a request came from, as far as the console may believe: the peer's address,
/// or, when the peer is a trusted proxy, the address and scheme the proxy reports.
struct RequestOrigin: Sendable {
    /// The client's address (IPv6 kept whole; ``throttleKey`` groups it by /64).
    let address: String
    /// Whether the client used HTTPS.
    let isHTTPS: Bool

    init(_ request: Request, peer: String?, trustedProxies: Set<String>) {
        let peer = peer ?? "unknown"
        if trustedProxies.contains(peer) {
            let forwarded = request.headers[PageHeaders.forwardedFor]?
                .split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
            address = forwarded.flatMap { $0.isEmpty ? nil : $0 } ?? peer
            isHTTPS = request.headers[PageHeaders.forwardedProto]?.lowercased() == "https" || request.head.scheme == "https"
        } else {
            address = peer
            isHTTPS = request.head.scheme == "https"
        }
    }

    /// The key failed sign-ins from this client count under: an IPv4 address whole, an
    /// IPv6 address by its /64 (one host may hold a whole /64).
    var throttleKey: String {
        guard address.contains(":") else { return "source:\(address)" }
        let expanded = Self.expand(address)
        return "source:\(expanded.prefix(4).joined(separator: ":"))::/64"
    }

    private static func expand(_ address: String) -> [String] {
        let parts = address.components(separatedBy: "::")
        let head = parts[0].split(separator: ":").map(String.init)
        let tail = parts.count > 1 ? parts[1].split(separator: ":").map(String.init) : []
        let zeros = Array(repeating: "0", count: max(0, 8 - head.count - tail.count))
        return (head + zeros + tail).map { String(Int($0, radix: 16) ?? 0, radix: 16) }
    }
}
