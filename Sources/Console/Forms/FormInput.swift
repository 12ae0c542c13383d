import Foundation
import Compliance
import Storage

/// Reads a posted form field by field into typed values, keeping every problem with
/// its field (not only the first), and what was typed to show it again.
struct FormInput {
    private let form: ConsoleForm
    private(set) var state = FormState()

    init(_ form: ConsoleForm, fields: [FormField]) {
        self.form = form
        for field in fields {
            state.values[field.name] = form[field.name]?.trimmingCharacters(in: .whitespaces) ?? ""
        }
    }

    /// A required day.
    mutating func date(_ name: String) -> CivilDate? {
        guard let day = optionalDate(name) else {
            if state.errors[name] == nil { state.errors[name] = "required (a date, YYYY-MM-DD)" }
            return nil
        }
        return day
    }

    /// A day, or nil when left empty.
    mutating func optionalDate(_ name: String) -> CivilDate? {
        let text = value(name)
        guard !text.isEmpty else { return nil }
        do {
            let date = try CivilDate(iso: text)
            if let problem = RecordRules.dateProblem(date) {
                state.errors[name] = problem
                return nil
            }
            return date
        } catch {
            state.errors[name] = "\"\(text)\" is not a date (YYYY-MM-DD)"
            return nil
        }
    }

    /// Required text of at most `maxLength` characters.
    mutating func text(_ name: String, maxLength: Int) -> String? {
        guard let text = optionalText(name, maxLength: maxLength) else {
            if state.errors[name] == nil { state.errors[name] = "required" }
            return nil
        }
        return text
    }

    /// Text of at most `maxLength` characters, or nil when left empty.
    mutating func optionalText(_ name: String, maxLength: Int) -> String? {
        let text = value(name)
        guard !text.isEmpty else { return nil }
        guard text.count <= maxLength else {
            state.errors[name] = "longer than \(maxLength) characters"
            return nil
        }
        return text
    }

    /// One of the raw values of `Choice`, or nil when left empty.
    mutating func optionalChoice<Choice: RawRepresentable & CaseIterable>(_ name: String, _: Choice.Type) -> Choice? where Choice.RawValue == String {
        let text = value(name)
        guard !text.isEmpty else { return nil }
        guard let choice = Choice(rawValue: text) else {
            state.errors[name] = "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))"
            return nil
        }
        return choice
    }

    /// One of the raw values of `Choice`, which must be chosen.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, _ type: Choice.Type) -> Choice? where Choice.RawValue == String {
        if value(name).isEmpty, state.errors[name] == nil { state.errors[name] = "required" }
        return optionalChoice(name, type)
    }

    /// Records a problem of `name` found by the caller.
    mutating func fail(_ name: String, _ message: String) {
        state.errors[name] = message
    }

    /// Records a problem of the whole form.
    mutating func failForm(_ message: String) {
        state.formError = message
    }

    /// Whether a checkbox was ticked.
    func checked(_ name: String) -> Bool {
        form[name] != nil
    }

    /// What was typed into `name`, trimmed.
    func value(_ name: String) -> String {
        state.values[name] ?? ""
    }
}
