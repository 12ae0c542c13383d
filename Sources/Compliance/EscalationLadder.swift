/// Who hears about an obligation as it slips: before the due date and on it, the people
/// responsible for the work; from an overdue stage on, also the tenant's compliance
/// contacts; from a later one, also the agency's operator contacts. Stages count the
/// overdue reminders of the obligation's plan: 1 is its first overdue reminder.
public struct EscalationLadder: Hashable, Sendable, Codable {
    /// The overdue stage from which the tenant's compliance contacts also receive the
    /// reminders (0: every stage, before the due date too).
    public var contactsFromOverdueStage: Int
    /// The overdue stage from which the agency's operator contacts also receive them
    /// (0: every stage). A plan's own `escalateAfterDays` brings them in earlier.
    public var operatorsFromOverdueStage: Int

    public init(contactsFromOverdueStage: Int = 1, operatorsFromOverdueStage: Int = 3) {
        self.contactsFromOverdueStage = contactsFromOverdueStage
        self.operatorsFromOverdueStage = operatorsFromOverdueStage
    }

    /// Who receives a reminder at `overdueStage` (0 before and on the due date, 1 for
    /// the first overdue reminder …); `escalated` when the plan's own escalation day
    /// has come.
    public func recipients(overdueStage: Int, escalated: Bool) -> [RecipientRole] {
        var roles: [RecipientRole] = [.assignee]
        if Self.reached(overdueStage, from: contactsFromOverdueStage) { roles.append(.contact) }
        if escalated || Self.reached(overdueStage, from: operatorsFromOverdueStage) { roles.append(.agencyOperator) }
        return roles
    }

    private static func reached(_ stage: Int, from threshold: Int) -> Bool {
        threshold == 0 || (stage > 0 && stage >= threshold)
    }

    /// Checks the ladder; errors name `setting`.
    public func validate(setting: String) throws(SettingsError) {
        guard (0...100).contains(contactsFromOverdueStage) else {
            throw .outOfRange(setting + ".contactsFromOverdueStage", value: contactsFromOverdueStage, allowed: 0...100)
        }
        guard (0...100).contains(operatorsFromOverdueStage) else {
            throw .outOfRange(setting + ".operatorsFromOverdueStage", value: operatorsFromOverdueStage, allowed: 0...100)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case contactsFromOverdueStage, operatorsFromOverdueStage
    }

    /// Missing keys keep their default; an unknown key is an error.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let names = Set(CodingKeys.allCases.map(\.stringValue))
        if let unknown = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.first(where: { !names.contains($0.stringValue) }) {
            throw SettingsError.unknownSetting("escalation." + unknown.stringValue)
        }
        self.init()
        contactsFromOverdueStage = try c.decodeIfPresent(Int.self, forKey: .contactsFromOverdueStage) ?? contactsFromOverdueStage
        operatorsFromOverdueStage = try c.decodeIfPresent(Int.self, forKey: .operatorsFromOverdueStage) ?? operatorsFromOverdueStage
    }
}

/// Any key of a JSON object, to find the unknown ones.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
