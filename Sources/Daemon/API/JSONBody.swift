import Compliance
import Foundation
import Hummingbird
import Storage

/// The JSON object of a write request, read field by field: every problem names its
/// field. Only the fields a route declares are accepted.
struct JSONBody {
    private let fields: [String: Any]

    /// Reads the body (at most ``APILimits/maxBodyBytes``, else 413) as a JSON object
    /// whose keys are all among `allowed`.
    static func read(_ request: Request, context: APIRequestContext, allowed: Set<String>) async throws -> JSONBody {
        let fields = try await object(request, context: context).fields
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalid(unknown, "is not a field of this request (expected: \(allowed.sorted().joined(separator: ", ")))")
        }
        return JSONBody(fields: fields)
    }

    /// The body's bytes once checked to be one JSON object (at most
    /// ``APILimits/maxBodyBytes``, else 413), for routes whose fields another type checks.
    static func readObject(_ request: Request, context: APIRequestContext) async throws -> Data {
        try await object(request, context: context).data
    }

    private static func object(_ request: Request, context: APIRequestContext) async throws -> (data: Data, fields: [String: Any]) {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("application/json") else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", "send the body as Content-Type: application/json")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: APILimits.maxBodyBytes)
        let data = Data(buffer.readableBytesView)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, code: "invalid_json", "the body is not valid JSON")
        }
        guard let fields = object as? [String: Any] else {
            throw APIError(.badRequest, code: "invalid_json", "the body must be a JSON object")
        }
        if let (path, scalar) = controlCharacter(in: fields, path: nil) {
            throw APIError.invalid(path, ControlCharacters.problem(for: scalar))
        }
        return (data, fields)
    }

    /// The path (`name`, `roles[2]`, `holidays.name`) of the first key or string value of
    /// `value` that holds a control character no text field takes, with the character.
    private static func controlCharacter(in value: Any, path: String?) -> (String, Unicode.Scalar)? {
        switch value {
        case let text as String:
            return ControlCharacters.first(in: text).map { (path ?? "body", $0) }
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = controlCharacter(in: element, path: "\(path ?? "body")[\(index)]") { return found }
            }
            return nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let inner = path.map { "\($0).\(key)" } ?? key
                if let scalar = ControlCharacters.first(in: key) { return (inner, scalar) }
                if let found = controlCharacter(in: object[key] as Any, path: inner) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// A string field; required ones must be present and not blank.
    func string(_ key: String, maxLength: Int = 200) throws(APIError) -> String {
        guard let value = try optionalString(key, maxLength: maxLength) else { throw APIError.invalid(key, "is required") }
        return value
    }

    func optionalString(_ key: String, maxLength: Int = 200) throws(APIError) -> String? {
        guard let raw = fields[key], !(raw is NSNull) else { return nil }
        guard let value = raw as? String else { throw APIError.invalid(key, "must be a string") }
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw APIError.invalid(key, "must not be blank") }
        guard value.count <= maxLength else { throw APIError.invalid(key, "must be at most \(maxLength) characters") }
        return value
    }

    /// A `YYYY-MM-DD` date field.
    func date(_ key: String) throws(APIError) -> CivilDate {
        guard let value = try optionalDate(key) else { throw APIError.invalid(key, "is required") }
        return value
    }

    func optionalDate(_ key: String) throws(APIError) -> CivilDate? {
        guard let text = try optionalString(key, maxLength: 10) else { return nil }
        let date: CivilDate
        do {
            date = try CivilDate(iso: text)
        } catch {
            throw APIError.invalid(key, "must be a date as YYYY-MM-DD (got \"\(text)\")")
        }
        if let problem = RecordRules.dateProblem(date) { throw APIError.invalid(key, problem) }
        return date
    }

    func optionalInt(_ key: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let raw = fields[key], !(raw is NSNull) else { return nil }
        guard let number = raw as? NSNumber, !Self.isBoolean(number), let value = Int(exactly: number.doubleValue) else {
            throw APIError.invalid(key, "must be a whole number")
        }
        guard range.contains(value) else { throw APIError.invalid(key, "must be from \(range.lowerBound) to \(range.upperBound)") }
        return value
    }

    /// A required whole-number field within `range`.
    func int(_ key: String, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let value = try optionalInt(key, in: range) else { throw APIError.invalid(key, "is required") }
        return value
    }

    /// A required field whose value is one of `T`'s raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(APIError) -> T where T.RawValue == String {
        guard let value = try optionalChoice(key, type) else { throw APIError.invalid(key, "is required") }
        return value
    }

    func bool(_ key: String, default fallback: Bool) throws(APIError) -> Bool {
        guard let raw = fields[key], !(raw is NSNull) else { return fallback }
        guard let number = raw as? NSNumber, Self.isBoolean(number) else { throw APIError.invalid(key, "must be true or false") }
        return number.boolValue
    }

    /// A field whose value is one of `T`'s raw values.
    func optionalChoice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(APIError) -> T? where T.RawValue == String {
        guard let text = try optionalString(key, maxLength: 64) else { return nil }
        guard let value = T(rawValue: text) else {
            throw APIError.invalid(key, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")) (got \"\(text)\")")
        }
        return value
    }

    /// An array of `T`'s raw values.
    func choices<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(APIError) -> [T] where T.RawValue == String {
        guard let raw = fields[key], !(raw is NSNull) else { return [] }
        guard let texts = raw as? [Any] else { throw APIError.invalid(key, "must be an array of strings") }
        var values: [T] = []
        for (index, element) in texts.enumerated() {
            guard let text = element as? String, let value = T(rawValue: text) else {
                throw APIError.invalid("\(key)[\(index)]", "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            values.append(value)
        }
        return values
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        // JSONSerialization makes true and false NSNumbers of type "c" (char).
        String(cString: number.objCType) == "c"
    }
}
