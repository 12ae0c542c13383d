/// The templates compiled into the binary. Every obligation kind gets the shared
/// reminder templates, which show that kind's title, instructions and rule; a file in a
/// tenant's override folder replaces any of them (see ``TemplateSet``).
///
/// Names: `KIND.subject`, `KIND.text`, `KIND.html` for each kind, `reminder.*` (the
/// fallback) and `digest.*`; partials `item.text` and `item.html`.
enum ShippedTemplates {
    static func all() -> [String: String] {
        var templates: [String: String] = [
            "item.text": itemText, "item.html": itemHTML,
            "digest.subject": digestSubject, "digest.text": digestText, "digest.html": digestHTML,
        ]
        templates.merge(NetworkGuidelinesTemplates.all) { _, guidelines in guidelines }
        for kind in ReminderKindText.kinds + ["reminder"] {
            templates["\(kind).subject"] = reminderSubject
            templates["\(kind).text"] = reminderText
            templates["\(kind).html"] = reminderHTML
        }
        return templates
    }

    static let reminderSubject = """
        {{#item}}{{#isOverdue}}Overdue: {{/isOverdue}}{{kindTitle}} for {{subjectDescription}}, due {{dueDate}}{{/item}} ({{tenantLegalName}})
        """

    static let digestSubject = """
        {{itemCount}} compliance tasks for {{tenantLegalName}}{{#hasOverdue}}, some overdue{{/hasOverdue}}
        """

    static let itemText = """
        * {{kindTitle}}: {{title}}
          For:    {{subjectDescription}}
          Due:    {{dueDate}} ({{#isOverdue}}{{daysOverdue}} day{{^isOneDay}}s{{/isOneDay}} overdue{{/isOverdue}}{{#isDueToday}}today{{/isDueToday}}{{#isUpcoming}}in {{daysUntilDue}} day{{^isOneDay}}s{{/isOneDay}}{{/isUpcoming}})
          To do:  {{instructions}}
          Rule:   {{rule}}
        {{#reason}}
          Why you: {{reason}}
        {{/reason}}
        {{#link}}
          Open:   {{link}}
        {{/link}}

        """

    static let reminderText = """
        Hello {{recipientName}},

        {{#item}}
        {{#isOverdue}}This task for {{tenantLegalName}} is overdue:{{/isOverdue}}{{^isOverdue}}This task for {{tenantLegalName}} is coming due:{{/isOverdue}}

        {{/item}}
        {{#items}}
        {{> item.text}}
        {{/items}}

        Once it is done, record it in Attest so the reminders stop.

        This message was sent automatically by Attest, {{tenantLegalName}}'s employment-verification compliance system.

        """

    static let digestText = """
        Hello {{recipientName}},

        These {{itemCount}} tasks for {{tenantLegalName}} need your attention:

        {{#items}}
        {{> item.text}}
        {{/items}}

        Once each is done, record it in Attest so its reminders stop.

        This message was sent automatically by Attest, {{tenantLegalName}}'s employment-verification compliance system.

        """

    static let itemHTML = """
        <tr><td style="padding:12px 0;border-bottom:1px solid #ddd">
        <strong>{{kindTitle}}</strong>: {{title}}<br>
        For: {{subjectDescription}}<br>
        Due: <strong>{{dueDate}}</strong> {{#isOverdue}}<span style="color:#b00">({{daysOverdue}} day{{^isOneDay}}s{{/isOneDay}} overdue)</span>{{/isOverdue}}{{#isDueToday}}(today){{/isDueToday}}{{#isUpcoming}}(in {{daysUntilDue}} day{{^isOneDay}}s{{/isOneDay}}){{/isUpcoming}}<br>
        To do: {{instructions}}<br>
        <small>Rule: {{rule}}</small>{{#reason}}<br>
        <small>Why you: {{reason}}</small>{{/reason}}{{#link}}<br>
        <a href="{{link}}">Open it in the console</a>{{/link}}
        </td></tr>

        """

    static let reminderHTML = htmlPage(
        intro: "{{#item}}<p>{{#isOverdue}}This task for {{tenantLegalName}} is overdue:{{/isOverdue}}{{^isOverdue}}This task for {{tenantLegalName}} is coming due:{{/isOverdue}}</p>{{/item}}",
        outro: "Once it is done, record it in Attest so the reminders stop."
    )

    static let digestHTML = htmlPage(
        intro: "<p>These {{itemCount}} tasks for {{tenantLegalName}} need your attention:</p>",
        outro: "Once each is done, record it in Attest so its reminders stop."
    )

    private static func htmlPage(intro: String, outro: String) -> String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"></head>
        <body style="font-family:sans-serif;max-width:40em">
        <p>Hello {{recipientName}},</p>
        \(intro)
        <table style="border-collapse:collapse;width:100%">
        {{#items}}
        {{> item.html}}
        {{/items}}
        </table>
        <p>\(outro)</p>
        <p><small>This message was sent automatically by Attest, {{tenantLegalName}}'s employment-verification compliance system.</small></p>
        </body></html>

        """
    }
}
