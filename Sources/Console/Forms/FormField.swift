/// One input of a console form: its name (the form field and the key of its error),
/// its label, and what it takes.
struct FormField: Sendable {
    /// What an input takes.
    enum Kind: Sendable {
        /// A calendar day (`YYYY-MM-DD`, the browser's date picker).
        case date
        /// One line of text of at most `maxLength` characters; `suggestions` names a
        /// `<datalist>` of the page (e.g. the tenant's people).
        case text(maxLength: Int, suggestions: String? = nil)
        /// Several lines of text (a `<textarea>`) of at most `maxLength` characters.
        case textArea(maxLength: Int)
        /// One of a fixed list of values, with their labels.
        case choice([Choice])
        /// A yes/no box.
        case checkbox
    }

    /// A value of a `.choice` field and its label.
    struct Choice: Sendable {
        let value: String
        let label: String
    }

    let name: String
    let label: String
    let kind: Kind
    let required: Bool
    /// A line shown under the label.
    var hint: String?

    init(_ name: String, _ label: String, _ kind: Kind, required: Bool = true, hint: String? = nil) {
        self.name = name
        self.label = label
        self.kind = kind
        self.required = required
        self.hint = hint
    }
}

/// What a form shows again after a refused post: what was typed, each field's problem,
/// and a problem of the whole form (one that names no field of it).
struct FormState: Sendable {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var formError: String?

    /// Whether any problem was found.
    var hasErrors: Bool { !errors.isEmpty || formError != nil }
}
