import WebCommon

/// The HTML of a console form: every input with its label, its hint, what was typed
/// and its problem (announced, tied to the input with `aria-describedby`), the
/// session's form token, and one submit button.
struct FormView {
    /// The form's id; inputs are `id-name`.
    let id: String
    let action: String
    let fields: [FormField]
    let submit: String
    let formToken: String
    var state = FormState()

    func render() -> HTML {
        let problem: HTML = state.hasErrors
            ? "<p class=\"error\" role=\"alert\" id=\"\(id)-problem\">\(state.formError ?? "Check the fields marked below.")</p>" : ""
        return """
            <form id="\(id)" method="post" action="\(action)" novalidate>\(problem)
            <input type="hidden" name="form_token" value="\(formToken)">
            \(HTML(joining: fields.map(input)))
            <p><button type="submit">\(submit)</button></p></form>
            """
    }

    private func input(_ field: FormField) -> HTML {
        let inputID = "\(id)-\(field.name)"
        let value = state.values[field.name] ?? ""
        let error = state.errors[field.name]
        var described: [String] = []
        if field.hint != nil { described.append("\(inputID)-hint") }
        if error != nil { described.append("\(inputID)-error") }
        let aria: HTML = described.isEmpty ? "" : " aria-describedby=\"\(described.joined(separator: " "))\""
        let invalid: HTML = error == nil ? "" : " aria-invalid=\"true\""
        let required: HTML = field.required ? " required" : ""
        let attributes: HTML = "id=\"\(inputID)\" name=\"\(field.name)\"\(aria)\(invalid)\(required)"
        let hint: HTML = field.hint.map { "<span class=\"hint\" id=\"\(inputID)-hint\">\($0)</span>" } ?? ""
        let problem: HTML = error.map { "<span class=\"field-error\" id=\"\(inputID)-error\">\(field.label): \($0)</span>" } ?? ""
        let label: HTML = "<label for=\"\(inputID)\">\(field.label)\(field.required ? "" : " (optional)")</label>"
        switch field.kind {
        case .date:
            return "\(label)\(hint)\(problem)<input type=\"date\" \(attributes) value=\"\(value)\">"
        case .text(let maxLength, let suggestions):
            let list: HTML = suggestions.map { " list=\"\($0)\"" } ?? ""
            return "\(label)\(hint)\(problem)<input type=\"text\" \(attributes) maxlength=\"\(maxLength)\"\(list) value=\"\(value)\">"
        case .textArea(let maxLength):
            return "\(label)\(hint)\(problem)<textarea \(attributes) maxlength=\"\(maxLength)\" rows=\"12\">\(value)</textarea>"
        case .choice(let choices):
            let options = choices.map { choice -> HTML in
                let selected: HTML = choice.value == value ? " selected" : ""
                return "<option value=\"\(choice.value)\"\(selected)>\(choice.label)</option>"
            }
            let empty: HTML = field.required ? "" : "<option value=\"\">—</option>"
            return "\(label)\(hint)\(problem)<select \(attributes)>\(empty)\(HTML(joining: options))</select>"
        case .checkbox:
            let checked: HTML = value.isEmpty ? "" : " checked"
            return "<p class=\"check\"><input type=\"checkbox\" id=\"\(inputID)\" name=\"\(field.name)\"\(aria)\(checked)> \(label)</p>\(hint)\(problem)"
        }
    }
}
