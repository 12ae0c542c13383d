/// A name reminder templates can use, and its value for a ``ReminderContext``: the one
/// definition both renderers read (the compiled one, ``CompiledTemplate``, and
/// swift-mustache's, through ``ReminderContext/templateValues``).
enum ReminderTemplateField: String, CaseIterable, Sendable {
    // The e-mail's.
    case recipientName, tenantLegalName, itemCount, items, hasOverdue, item
    // Each item's.
    case kind, title, subjectDescription, dueDate, daysUntilDue, daysOverdue, stage, reason, link
    case isOverdue, isDueToday, isUpcoming, isOneDay, kindTitle, instructions, rule

    static let contextFields: [Self] = [.recipientName, .tenantLegalName, .itemCount, .items, .hasOverdue, .item]
    static let itemFields: [Self] = allCases.filter { !contextFields.contains($0) }

    /// The field's value in the whole e-mail's frame; nil for an item's field.
    func value(in context: ReminderContext) -> ReminderTemplateValue? {
        switch self {
        case .recipientName: .string(context.recipientName)
        case .tenantLegalName: .string(context.tenantLegalName)
        case .itemCount: .int(context.items.count)
        case .items: .items
        case .hasOverdue: .bool(context.items.contains { $0.daysUntilDue < 0 })
        case .item: context.items.isEmpty ? nil : .item(0)
        default: nil
        }
    }

    /// The field's value in an item's frame; nil for a field of the whole e-mail.
    func value(in item: ReminderItem) -> ReminderTemplateValue? {
        switch self {
        case .kind: .string(item.kind)
        case .title: .string(item.title)
        case .subjectDescription: .string(item.subjectDescription)
        case .dueDate: .string(item.dueDate)
        case .daysUntilDue: .int(item.daysUntilDue)
        case .daysOverdue: .int(-item.daysUntilDue)
        case .stage: .string(item.stage)
        case .reason: item.reason.isEmpty ? nil : .string(item.reason)
        case .link: item.link.isEmpty ? nil : .string(item.link)
        case .isOverdue: .bool(item.daysUntilDue < 0)
        case .isDueToday: .bool(item.daysUntilDue == 0)
        case .isUpcoming: .bool(item.daysUntilDue > 0)
        case .isOneDay: .bool(abs(item.daysUntilDue) == 1)
        case .kindTitle: .string(ReminderKindText.text(for: item.kind).title)
        case .instructions: .string(ReminderKindText.text(for: item.kind).instructions)
        case .rule: .string(ReminderKindText.text(for: item.kind).rule)
        default: nil
        }
    }
}

/// A value a reminder template sees: a scalar, the list of items, one item (by its index
/// in the context), or the whole e-mail.
enum ReminderTemplateValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case items
    case item(Int)
    case context
    /// Something pushed that has no fields and no text of its own (an empty list).
    case opaque

    /// The value of `field` when this value is a frame on the context stack.
    func child(_ field: ReminderTemplateField, of context: ReminderContext) -> ReminderTemplateValue? {
        switch self {
        case .context: field.value(in: context)
        case .item(let index): field.value(in: context.items[index])
        default: nil
        }
    }

    /// As swift-mustache sees it: String, Int, Bool, or dictionaries and arrays of them.
    func any(in context: ReminderContext) -> Any {
        switch self {
        case .string(let text): text
        case .int(let number): number
        case .bool(let flag): flag
        case .items: context.items.indices.map { ReminderTemplateValue.item($0).any(in: context) }
        case .item, .context: dictionary(in: context)
        case .opaque: [Any]()
        }
    }

    /// A frame's fields as a dictionary (empty for a scalar).
    func dictionary(in context: ReminderContext) -> [String: Any] {
        let fields = switch self {
        case .item: ReminderTemplateField.itemFields
        case .context: ReminderTemplateField.contextFields
        default: [ReminderTemplateField]()
        }
        var values: [String: Any] = [:]
        for field in fields {
            if let value = child(field, of: context) { values[field.rawValue] = value.any(in: context) }
        }
        return values
    }
}
