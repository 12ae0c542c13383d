import Hummingbird
import NIOCore
import Storage

/// The console's request context: Hummingbird's basics, the peer's address, and the
/// session the request belongs to (set by ``SessionMiddleware``).
public struct ConsoleRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection peer's IP address; nil in router tests.
    public let peerAddress: String?
    /// The request's live session, if it has one.
    public var session: ConsoleSession?
    /// The session id the cookie carried (to replace it at the next sign-in step).
    public var sessionID: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Forms are small: 64 KiB at most.
    public var maxUploadSize: Int { 64 * 1024 }
}
