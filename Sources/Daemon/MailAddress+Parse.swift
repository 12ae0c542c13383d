import Foundation
import Mailer

extension MailAddress {
    /// Parses `Name <address>` or a bare address (configuration and options).
    public static func parse(_ text: String) throws -> MailAddress {
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            let name = text[..<open].trimmingCharacters(in: .whitespaces)
            let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            return try MailAddress(address, name: name.isEmpty ? nil : name)
        }
        return try MailAddress(text.trimmingCharacters(in: .whitespaces))
    }
}
