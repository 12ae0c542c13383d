import Foundation

/// The validated input for a new tenant. Its initializer checks every field and
/// names the first that is wrong, so a bad command changes nothing.
public struct TenantDraft: Sendable, Equatable {
    public let slug: String
    public let legalName: String
    public let timeZone: String
    public let imageAgreementDate: String?
    public let sendHour: Int
    public let contacts: [TenantContact]
    public let daemonRoles: [String]

    /// Validates the fields of a new tenant.
    public init(
        slug: String,
        legalName: String,
        timeZone: String,
        imageAgreementDate: String? = nil,
        sendHour: Int = 8,
        contacts: [TenantContact] = [],
        daemonRoles: [String] = []
    ) throws(StorageError) {
        self.slug = try TenantValidation.slug(slug)
        self.legalName = try TenantValidation.legalName(legalName)
        self.timeZone = try TenantValidation.timeZone(timeZone)
        self.imageAgreementDate = try imageAgreementDate.map { date throws(StorageError) in
            try TenantValidation.date(date, field: "image agreement date")
        }
        self.sendHour = try TenantValidation.sendHour(sendHour)
        self.contacts = try contacts.map { contact throws(StorageError) in
            TenantContact(name: try TenantValidation.contactName(contact.name),
                          email: try TenantValidation.email(contact.email), role: contact.role)
        }
        self.daemonRoles = try daemonRoles.map { role throws(StorageError) in try TenantValidation.roleName(role) }
    }
}

/// The checks on tenant fields, each with an operator-facing message.
public enum TenantValidation {
    /// Lower-case letters, digits and inner hyphens, 2–40 characters, starting with a letter.
    public static func slug(_ value: String) throws(StorageError) -> String {
        let bytes = Array(value.utf8)
        let allowed = bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
        guard (2...40).contains(bytes.count), allowed, (0x61...0x7A).contains(bytes[0]),
              bytes.last != 0x2D
        else {
            throw invalid("slug \"\(value)\" is invalid: use 2–40 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen")
        }
        return value
    }

    public static func legalName(_ value: String) throws(StorageError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(trimmed.count), !trimmed.contains(where: \.isNewline) else {
            throw invalid("legal name must be 1–200 characters on one line")
        }
        return trimmed
    }

    /// An IANA zone name such as `America/New_York` (or `UTC`).
    public static func timeZone(_ value: String) throws(StorageError) -> String {
        guard value == "UTC" || (value.contains("/") && TimeZone(identifier: value) != nil
            && TimeZone.knownTimeZoneIdentifiers.contains(value))
        else {
            throw invalid("time zone \"\(value)\" is not an IANA time zone name (for example America/Chicago)")
        }
        return value
    }

    /// A calendar date written `YYYY-MM-DD`, between 1971 and 2200.
    public static func date(_ value: String, field: String) throws(StorageError) -> String {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1971...2200).contains(year), (1...12).contains(month),
              (1...daysIn(month: month, year: year)).contains(day)
        else {
            throw invalid("\(field) \"\(value)\" is not a date written YYYY-MM-DD between 1971 and 2200")
        }
        return value
    }

    public static func sendHour(_ value: Int) throws(StorageError) -> Int {
        guard (0...23).contains(value) else { throw invalid("send hour \(value) is not an hour from 0 to 23") }
        return value
    }

    public static func contactName(_ value: String) throws(StorageError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(trimmed.count), !trimmed.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" }) else {
            throw invalid("contact name \"\(value)\" must be 1–200 characters without line breaks or angle brackets")
        }
        return trimmed
    }

    /// A plain `local@domain.tld` address (no display name, no spaces).
    public static func email(_ value: String) throws(StorageError) -> String {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        // Scalars, not Characters: "\r\n" is one Character in Swift and would slip past.
        let forbidden: Set<Unicode.Scalar> = [" ", "<", ">", ",", ";", "\u{7F}"]
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), value.utf8.count <= 254,
              !value.unicodeScalars.contains(where: { $0.value < 0x20 || forbidden.contains($0) })
        else {
            throw invalid("e-mail address \"\(value)\" is malformed (expected name@example.com)")
        }
        return value
    }

    /// A PostgreSQL role name: lower-case letters, digits and underscores.
    public static func roleName(_ value: String) throws(StorageError) -> String {
        let ok = !value.isEmpty && value.utf8.count <= 63 && value.utf8.allSatisfy {
            (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F
        }
        guard ok else { throw invalid("role name \"\(value)\" must be lower-case letters, digits and underscores") }
        return value
    }

    /// Parses `Name <address>` or a bare address (the name then is the address).
    public static func contact(_ value: String, role: TenantContact.Role) throws(StorageError) -> TenantContact {
        if let open = value.lastIndex(of: "<"), value.hasSuffix(">") {
            let name = String(value[..<open])
            let address = String(value[value.index(after: open)..<value.index(before: value.endIndex)])
            return TenantContact(name: try contactName(name), email: try email(address), role: role)
        }
        let address = try email(value.trimmingCharacters(in: .whitespaces))
        return TenantContact(name: address, email: address, role: role)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func invalid(_ message: String) -> StorageError {
        StorageError(.invalidInput, message)
    }
}
