import Foundation
import Storage

/// How the console runs: where it listens, how long sessions live, whom it trusts to
/// say a request came over HTTPS, and when sign-ins are locked out.
public struct ConsoleSettings: Sendable {
    public var host: String
    public var port: Int
    /// A session ends after this long without a request (default 30 minutes).
    public var idleTimeout: Duration
    /// A session ends this long after sign-in (default 12 hours).
    public var absoluteTimeout: Duration
    /// Addresses of reverse proxies whose `X-Forwarded-Proto` and `X-Forwarded-For`
    /// the console believes; anyone else's are ignored.
    public var trustedProxies: Set<String>
    public var lockout: LockoutPolicy
    /// The bcrypt cost of new password hashes (at least 12).
    public var bcryptCost: UInt8
    /// The keys that open tips (`ATTEST_TIP_KEY_DIR`, and `ATTEST_TIP_KEY_FILE` for tips
    /// not yet re-sealed), for accounts allowed to read them; nil: the console opens none.
    public var tipKeys: TipKeyRing?
    /// The largest CSV file the console accepts (default 32 MiB).
    public var uploadLimit: Int
    /// From this size on (default 256 KiB) a CSV file's check and import are pages
    /// written as they go: "working" at once, the result when it is done.
    public var streamUploadsFrom: Int

    public init(host: String = "127.0.0.1", port: Int = 8081, idleTimeout: Duration = .seconds(30 * 60),
                absoluteTimeout: Duration = .seconds(12 * 3_600), trustedProxies: Set<String> = [],
                lockout: LockoutPolicy = LockoutPolicy(), bcryptCost: UInt8 = 12, tipKeys: TipKeyRing? = nil,
                uploadLimit: Int = 32 << 20, streamUploadsFrom: Int = 256 << 10) {
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.trustedProxies = trustedProxies
        self.lockout = lockout
        self.bcryptCost = max(12, bcryptCost)
        self.tipKeys = tipKeys
        self.uploadLimit = uploadLimit
        self.streamUploadsFrom = streamUploadsFrom
    }
}

/// When failed sign-ins lock an account or a source out.
public struct LockoutPolicy: Sendable {
    /// Failures of one account within the window that lock it.
    public var accountFailures: Int
    /// Failures from one source (an IPv4 address, an IPv6 /64) within the window that lock it.
    public var sourceFailures: Int
    /// The window, which is also how long a lockout lasts at most.
    public var window: Duration

    public init(accountFailures: Int = 5, sourceFailures: Int = 20, window: Duration = .seconds(15 * 60)) {
        self.accountFailures = accountFailures
        self.sourceFailures = sourceFailures
        self.window = window
    }
}
