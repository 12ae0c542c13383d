import Foundation

/// The fields of an `application/x-www-form-urlencoded` body. Nil when the body is not
/// such a body (bad percent-encoding or not UTF-8). A repeated name keeps its last value.
public struct FormFields: Sendable {
    private let values: [String: String]

    /// Parses a form body.
    public init?(body: String) {
        var values: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else { return nil }
            values[name] = value
        }
        self.values = values
    }

    /// The value of the field `name`, if sent.
    public subscript(name: String) -> String? { values[name] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
