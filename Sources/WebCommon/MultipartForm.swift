import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578): each field's value, and for a
/// file its name. Nil when the body is not such a body. A repeated name keeps its last part.
public struct MultipartForm: Sendable {
    /// One part: its bytes, and the file name a browser sent with a file.
    public struct Part: Sendable {
        public let fileName: String?
        public let bytes: [UInt8]

        /// The value as UTF-8 text, if it is.
        public var text: String? { String(validating: bytes, as: UTF8.self) }
    }

    private let parts: [String: Part]

    /// The part named `name`, if sent.
    public subscript(name: String) -> Part? { parts[name] }

    /// Parses `body` sent with `contentType` (`multipart/form-data; boundary=…`).
    public init?(contentType: String, body: [UInt8]) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.parameter("boundary", in: contentType), !boundary.isEmpty, boundary.utf8.count <= 70 else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [String: Part] = [:]
        var chunks = Self.split(body, on: delimiter)
        guard chunks.count >= 2 else { return nil }
        chunks.removeFirst()  // the preamble
        for chunk in chunks {
            if chunk.starts(with: Array("--".utf8)) { break }  // the close delimiter
            guard let (name, part) = Self.part(chunk) else { return nil }
            parts[name] = part
        }
        self.parts = parts
    }

    /// One part between two delimiters: CRLF, headers, a blank line, the content, CRLF.
    private static func part(_ chunk: ArraySlice<UInt8>) -> (String, Part)? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard chunk.starts(with: [13, 10]), let end = firstRange(of: separator, in: chunk) else { return nil }
        guard let headers = String(validating: chunk[(chunk.startIndex + 2)..<end.lowerBound], as: UTF8.self) else { return nil }
        var content = chunk[end.upperBound...]
        guard content.count >= 2, content.suffix(2).elementsEqual([13, 10]) else { return nil }
        content = content.dropLast(2)
        let disposition = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init)
        guard let disposition, let name = parameter("name", in: disposition) else { return nil }
        return (name, Part(fileName: parameter("filename", in: disposition), bytes: Array(content)))
    }

    /// The value of `key=value` or `key="value"` in a header's parameters.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    private static func split(_ body: [UInt8], on delimiter: [UInt8]) -> [ArraySlice<UInt8>] {
        var chunks: [ArraySlice<UInt8>] = []
        var rest = body[...]
        while let range = firstRange(of: delimiter, in: rest) {
            chunks.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        chunks.append(rest)
        return chunks
    }

    private static func firstRange(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index..<(index + needle.count)
            }
            index += 1
        }
        return nil
    }
}
