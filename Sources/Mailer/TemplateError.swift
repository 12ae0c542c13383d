/// A template could not be loaded or used.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Reason: Sendable, Equatable {
        case parse(name: String, file: String?, detail: String)
        case unreadableDirectory(String, String)
        case unknownTemplateFile(String)
        case noItems
        case missingTemplate(String)
    }

    let reason: Reason

    init(_ reason: Reason) { self.reason = reason }

    public var description: String {
        switch reason {
        case .parse(let name, let file, let detail):
            "the template \(name)\(file.map { " (\($0))" } ?? "") does not parse: \(detail); fix the file and restart"
        case .unreadableDirectory(let path, let detail):
            "the template folder \(path) cannot be read (\(detail)); check the path and its permissions"
        case .unknownTemplateFile(let file):
            "the template file \(file) does not name a known template; use KIND.subject.mustache, KIND.text.mustache or KIND.html.mustache, where KIND is an obligation kind, reminder, digest, item or network-guidelines"
        case .noItems:
            "a reminder e-mail needs at least one item"
        case .missingTemplate(let name):
            "the template \(name) is missing"
        }
    }
}
