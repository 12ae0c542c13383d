import Foundation
import Hummingbird

/// JSON answers of the API: snake_case keys chosen by each model, sorted keys, ISO 8601 instants.
enum APIJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// `value` as a JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// A page of a list route: its items and the cursor of the next page (null on the last).
struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let nextCursor: String?

    /// The page from rows fetched with `limit + 1`: the extra row only says that there is more.
    init<Row>(rows: [Row], limit: Int, item: (Row) -> Item, key: (Row) -> [String]) {
        let shown = Array(rows.prefix(limit))
        self.items = shown.map(item)
        self.nextCursor = rows.count > limit ? shown.last.map { PageCursor.encode(key($0)) } : nil
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

/// The opaque `cursor` of the list routes: the sort key of a page's last row,
/// base64url-encoded.
enum PageCursor {
    static func encode(_ parts: [String]) -> String {
        Data(parts.joined(separator: "\n").utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String, parts count: Int) throws(APIError) -> [String] {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8) else {
            throw APIError.badParameter("cursor", "is not a cursor this API returned")
        }
        let parts = decoded.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == count else { throw APIError.badParameter("cursor", "is not a cursor this API returned") }
        return parts
    }
}

/// `limit` and `cursor` of a list route.
struct PageQuery: Sendable {
    let limit: Int
    /// The decoded cursor, if the request had one.
    let after: [String]?

    init(_ request: Request, keyParts: Int) throws(APIError) {
        let query = request.uri.queryParameters
        if let text = query["limit"].map(String.init) {
            guard let limit = Int(text), (1...APILimits.maxPageSize).contains(limit) else {
                throw APIError.badParameter("limit", "must be a whole number from 1 to \(APILimits.maxPageSize)")
            }
            self.limit = limit
        } else {
            self.limit = APILimits.defaultPageSize
        }
        self.after = try query["cursor"].map { cursor throws(APIError) in try PageCursor.decode(String(cursor), parts: keyParts) }
    }

    /// How many rows to fetch: one more than shown, to know whether another page follows.
    var fetch: Int { limit + 1 }
}
