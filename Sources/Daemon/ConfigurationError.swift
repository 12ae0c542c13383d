/// A configuration problem: a key that is unknown, missing or malformed.
///
/// The message always names the key (`ATTEST_…`) and never includes a secret.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The environment variable (or file key) at fault.
    public let key: String
    /// What is wrong with it.
    public let problem: String

    public init(key: String, problem: String) {
        self.key = key
        self.problem = problem
    }

    public var description: String { "\(key): \(problem)" }
}
