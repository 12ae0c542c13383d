import Foundation
import HTTPTypes
import Hummingbird
import Testing
import WebCommon

@testable import Console

/// Whom the console believes about a request's scheme and client, and how failed
/// sign-ins are grouped by source.
@Suite struct RequestOriginTests {
    private func request(_ headers: HTTPFields = [:]) -> Request {
        Request(head: HTTPRequest(method: .get, scheme: "http", authority: "console.example", path: "/", headerFields: headers),
                body: .init(buffer: ByteBuffer()))
    }

    @Test func forwardingHeadersCountOnlyFromATrustedProxy() {
        let forwarded: HTTPFields = [HTTPField.Name("X-Forwarded-Proto")!: "https", HTTPField.Name("X-Forwarded-For")!: "198.51.100.7, 203.0.113.9"]
        let viaProxy = RequestOrigin(request(forwarded), peer: "10.0.0.5", trustedProxies: ["10.0.0.5"])
        #expect(viaProxy.isHTTPS && viaProxy.address == "203.0.113.9")
        let spoofed = RequestOrigin(request(forwarded), peer: "192.0.2.66", trustedProxies: ["10.0.0.5"])
        #expect(!spoofed.isHTTPS && spoofed.address == "192.0.2.66")
        #expect(SessionCookie.setCookie("id", secure: viaProxy.isHTTPS).hasSuffix("; Secure"))
        #expect(!SessionCookie.setCookie("id", secure: spoofed.isHTTPS).contains("Secure"))
    }

    @Test func theStandardForwardedHeaderComesFirstAndGarbageIsIgnored() {
        let both: HTTPFields = [HTTPField.Name("Forwarded")!: "for=192.0.2.1;proto=http, for=\"[2001:DB8::7]:4711\";proto=https",
                                HTTPField.Name("X-Forwarded-For")!: "198.51.100.7"]
        let viaProxy = RequestOrigin(request(both), peer: "10.0.0.5", trustedProxies: ["10.0.0.5"])
        #expect(viaProxy.address == "2001:db8::7" && viaProxy.isHTTPS)
        let withPort = RequestOrigin(request([HTTPField.Name("Forwarded")!: "for=192.0.2.44:5000"]), peer: "10.0.0.5", trustedProxies: ["10.0.0.5"])
        #expect(withPort.address == "192.0.2.44")
        for junk in ["for=unknown", "for=_hidden", "for=\"<script>\"", "by=10.0.0.1"] {
            #expect(RequestOrigin(request([HTTPField.Name("Forwarded")!: junk]), peer: "10.0.0.5", trustedProxies: ["10.0.0.5"]).address == "10.0.0.5", "\(junk)")
        }
    }

    @Test func anIPv6SourceCountsByItsSlash64() {
        let a = RequestOrigin(request(), peer: "2001:db8:1:2::1", trustedProxies: [])
        let b = RequestOrigin(request(), peer: "2001:db8:1:2:ffff:eeee:dddd:cccc", trustedProxies: [])
        let c = RequestOrigin(request(), peer: "2001:db8:1:3::1", trustedProxies: [])
        #expect(a.throttleKey == b.throttleKey && a.throttleKey != c.throttleKey)
        #expect(a.throttleKey == "source:2001:db8:1:2::/64")
        #expect(RequestOrigin(request(), peer: "192.0.2.1", trustedProxies: []).throttleKey == "source:192.0.2.1")
    }
}
