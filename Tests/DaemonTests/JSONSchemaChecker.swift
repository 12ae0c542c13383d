import Foundation

/// Checks JSON values against the subset of JSON Schema that docs/openapi.json uses:
/// `$ref`, `type` (one or a list, `null` included), `nullable`, `enum`, `required`,
/// `properties`, `additionalProperties: false`, `items`, `format` (date, date-time,
/// uuid), `pattern`, `maxLength`, `minimum`, `maximum`.
struct JSONSchemaChecker: @unchecked Sendable {
    /// The parsed OpenAPI document (never changed after init, hence safe to share).
    let document: [String: Any]

    /// Every way `value` departs from `schema`, each naming where (`$.items[0].id`).
    func problems(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            guard let resolved = resolve(reference) else { return ["\(path): unresolvable \(reference)"] }
            return problems(value, resolved, at: path)
        }
        var types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? []
        if schema["nullable"] as? Bool == true { types.append("null") }
        if !types.isEmpty, !types.contains(where: { Self.matches(value, type: $0) }) {
            return ["\(path): \(Self.describe(value)) is not of type \(types.joined(separator: " or "))"]
        }
        if value is NSNull { return [] }
        var found: [String] = []
        if let choices = schema["enum"] as? [Any], !choices.contains(where: { "\($0)" == "\(value)" }) {
            found.append("\(path): \(value) is not one of \(choices)")
        }
        if let text = value as? String { found += stringProblems(text, schema, at: path) }
        if let number = value as? NSNumber, !(value is String) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { found.append("\(path): \(number) < \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { found.append("\(path): \(number) > \(maximum)") }
        }
        if let object = value as? [String: Any] { found += objectProblems(object, schema, at: path) }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, element) in array.enumerated() { found += problems(element, items, at: "\(path)[\(index)]") }
        }
        return found
    }

    func resolve(_ reference: String) -> [String: Any]? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any = document
        for key in reference.dropFirst(2).split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(key)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    private func objectProblems(_ object: [String: Any], _ schema: [String: Any], at path: String) -> [String] {
        var found: [String] = []
        let properties = schema["properties"] as? [String: Any] ?? [:]
        for key in schema["required"] as? [String] ?? [] where object[key] == nil {
            found.append("\(path): required property \(key) is missing")
        }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if let property = properties[key] as? [String: Any] {
                found += problems(value, property, at: "\(path).\(key)")
            } else if schema["additionalProperties"] as? Bool == false {
                found.append("\(path): property \(key) is not documented")
            }
        }
        return found
    }

    private func stringProblems(_ text: String, _ schema: [String: Any], at path: String) -> [String] {
        var found: [String] = []
        if let maximum = schema["maxLength"] as? Int, text.count > maximum { found.append("\(path): longer than \(maximum)") }
        if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
            found.append("\(path): \"\(text)\" does not match \(pattern)")
        }
        let formats: [String: (String) -> Bool] = [
            "date": { $0.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil },
            "date-time": { ISO8601DateFormatter().date(from: $0) != nil },
            "uuid": { UUID(uuidString: $0) != nil },
        ]
        if let format = schema["format"] as? String, let valid = formats[format], !valid(text) {
            found.append("\(path): \"\(text)\" is not a \(format)")
        }
        return found
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        let number = value as? NSNumber
        let isBool = number.map { String(cString: $0.objCType) == "c" } ?? false
        switch type {
        case "null": return value is NSNull
        case "string": return value is String
        case "boolean": return isBool
        case "integer": return !isBool && !(value is String) && number.map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return !isBool && !(value is String) && number != nil
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        default: return false
        }
    }

    private static func describe(_ value: Any) -> String {
        value is NSNull ? "null" : "\(type(of: value)) \(value)"
    }
}
