import WebCommon
import Logging
import PostgresNIO
import Storage

/// One record action of a tenant's list page (add a person, record a training, receive
/// a no-match letter …): its form, how the form's fields become the Storage call that
/// records it, and which record-rule fields its inputs stand for. The same CLI
/// commands' Storage code runs, so the rules, messages and events are theirs.
struct RecordForm: Sendable {
    /// The Storage call a valid form makes, run in the tenant's transaction.
    typealias Work = @Sendable (TenantContext, PostgresConnection, Logger) async throws -> ReconcileReport

    /// The last path segment of the form's URL, and the form's id.
    let id: String
    let title: String
    /// What the page says once it is recorded ("Person saved.").
    let sentence: String
    let fields: [FormField]
    /// Record-rule field → this form's input.
    var renaming: [String: String] = [:]
    let read: @Sendable (inout FormInput) -> Work?

    /// The input a record-rule field stands for in this form, if any.
    func input(for ruleField: String) -> String? {
        if let renamed = renaming[ruleField] { return renamed }
        return fields.contains { $0.name == ruleField } ? ruleField : nil
    }
}

/// The disclosures that hold a page's forms, one per form, the refused one open.
enum FormSection {
    /// A form to show: its id, title and fields.
    struct Item: Sendable {
        let id: String
        let title: String
        let fields: [FormField]
        /// What the inputs hold before anything is typed (e.g. the current settings).
        var values: [String: String] = [:]
    }

    /// `items` as disclosures posting to `base/ID`; `failed` is the refused form with
    /// what was typed and its problems.
    static func render(_ items: [Item], base: String, session: ConsoleSession, failed: (id: String, state: FormState)?) -> HTML {
        HTML(joining: items.map { item -> HTML in
            let state = failed?.id == item.id ? failed?.state : nil
            let form = FormView(id: item.id, action: "\(base)/\(item.id)", fields: item.fields, submit: item.title,
                                formToken: session.formToken, state: state ?? FormState(values: item.values))
            let open: HTML = state == nil ? "" : " open"
            return "<details class=\"action\"\(open)><summary>\(item.title)</summary>\(form.render())</details>"
        })
    }
}

/// The `<datalist id="people">` that person-id fields suggest from: id and name.
enum PeopleSuggestions {
    static func datalist(_ people: [PersonListing]) -> HTML {
        guard !people.isEmpty else { return "" }
        let options = people.map { p -> HTML in "<option value=\"\(p.person.externalID)\">\(p.person.name)</option>" }
        return "<datalist id=\"people\">\(HTML(joining: options))</datalist>"
    }
}
