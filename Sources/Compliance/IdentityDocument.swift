/// The Form I-9 list a document belongs to.
public enum DocumentList: String, Hashable, Sendable, Codable, CaseIterable {
    /// Identity and employment authorization.
    case a
    /// Identity only: never reverified.
    case b
    /// Employment authorization only.
    case c
}

/// A document examined for Section 2 (or at reverification), with its expiry and any
/// extension of it.
public struct IdentityDocument: Hashable, Sendable, Codable {
    public let kind: DocumentKind
    public let expires: CivilDate?
    /// An extension that keeps an expired document acceptable (List A only).
    public let extensionOfValidity: DocumentExtension?

    public init(kind: DocumentKind, expires: CivilDate?, extension: DocumentExtension? = nil) {
        self.kind = kind
        self.expires = expires
        self.extensionOfValidity = `extension`
    }

    /// A document of `list` whose kind was not recorded.
    public init(list: DocumentList, expires: CivilDate?) {
        self.init(kind: .unspecified(list), expires: expires)
    }

    public var list: DocumentList { kind.list }

    /// The filing day of the EAD renewal that extends the document, if one does.
    public var renewalFiledOn: CivilDate? {
        if case .eadRenewal(let filed)? = extensionOfValidity { filed } else { nil }
    }

    /// The end of the extension a notice states, if one does.
    public var extendedUntil: CivilDate? {
        if case .notice(let until)? = extensionOfValidity { until } else { nil }
    }

    /// The last day the document is acceptable: its expiry, or the end of its
    /// extension when that is later; nil when it does not expire.
    public var validThrough: CivilDate? {
        guard let expires else { return nil }
        guard let extended = extensionOfValidity?.end(of: expires) else { return expires }
        return max(expires, extended)
    }
}
