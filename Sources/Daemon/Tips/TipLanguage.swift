import Foundation
import Hummingbird

/// The languages of the tip form. A `lang` query or form field wins; otherwise the
/// browser's `Accept-Language` (by quality); otherwise English.
enum TipLanguage: String, Sendable, CaseIterable {
    case en, es

    /// The language for `request`, given the form field `lang` if the body had one.
    static func pick(for request: Request, field: String? = nil) -> TipLanguage {
        if let named = field ?? request.uri.queryParameters.get("lang"), let language = TipLanguage(rawValue: named.lowercased()) {
            return language
        }
        return fromAcceptLanguage(request.headers[.acceptLanguage] ?? "")
    }

    /// The first of our languages in an `Accept-Language` header, by quality.
    static func fromAcceptLanguage(_ header: String) -> TipLanguage {
        let ranked = header.split(separator: ",").enumerated().compactMap { index, item -> (TipLanguage, Double, Int)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased(), let primary = tag.split(separator: "-").first,
                  let language = TipLanguage(rawValue: String(primary)) else { return nil }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0 ? (language, quality, index) : nil
        }
        return ranked.sorted { ($0.1, -$0.2) > ($1.1, -$1.2) }.first?.0 ?? .en
    }
}
