/// An error from the storage layer, with a message an operator can act on.
///
/// Messages never contain passwords or personal data.
public struct StorageError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem this is, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        case invalidDatabaseURL
        case unreachable
        case migration
        case invalidInput
        case notFound
        case conflict
        case unsafeServer
        case unsafeRole
        case query
    }

    /// The kind of problem.
    public let kind: Kind
    /// The operator-facing message.
    public let message: String

    /// Makes an error of a kind with its message.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
