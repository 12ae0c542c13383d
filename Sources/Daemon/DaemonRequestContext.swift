import Hummingbird

/// The daemon's request context: Hummingbird's basics plus the peer's IP address, which
/// the tip form's rate limiter keys on (in memory only; never logged or stored).
public struct DaemonRequestContext: RequestContext, SourceAddressContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection peer's IP address; nil in router tests.
    public let sourceAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sourceAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// A request context that knows the IP address the request came from.
public protocol SourceAddressContext: RequestContext {
    var sourceAddress: String? { get }
}
