import Foundation

/// Percent-encoding of one path segment (record ids may hold dots and hyphens only,
/// but nothing is assumed): the console's own links and the links to it in reminders.
public enum Path {
    public static func segment(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
