/// The e-mail that communicates the IMAGE guidelines to a company of a tenant's hiring
/// network: filled by the sender, rendered by ``TemplateSet/render(_:)-(NetworkGuidelines)``
/// with the `network-guidelines.*` templates (a tenant may override them).
public struct NetworkGuidelines: Sendable, Equatable {
    /// The tenant (the IMAGE member) that sends the guidelines.
    public var tenantLegalName: String
    /// The company of the hiring network that receives them.
    public var companyName: String
    /// The company's contact, as in "Hello Ann Lee"; nil for a plain "Hello".
    public var contactName: String?
    /// The year of the communication.
    public var year: Int

    public init(tenantLegalName: String, companyName: String, contactName: String?, year: Int) {
        self.tenantLegalName = tenantLegalName
        self.companyName = companyName
        self.contactName = contactName
        self.year = year
    }

    /// The IMAGE best practices (ICE's IMAGE information sheet), in the templates as
    /// `practices`.
    public static let practices = [
        "Use E-Verify, the Department of Homeland Security's employment eligibility verification program, to verify the employment eligibility of all new hires.",
        "Establish an internal training program, updated annually, on the hiring process.",
        "Only allow trained individuals to conduct the Form I-9 process, and include a secondary review as part of each employee's verification.",
        "Arrange an annual Form I-9 audit by an external auditing firm or a trained employee not otherwise involved in the I-9 process.",
        "Establish a self-reporting procedure for the reporting of any violations and discovered deficiencies.",
        "Ensure and document the definitive resolution of no-match letters received from the Social Security Administration.",
        "Establish and maintain appropriate policies, practices, and safeguards against use of the verification process for unlawful discrimination.",
        "Establish a tip mechanism for employees to report activity relating to the employment of unauthorized persons, and a protocol for responding to tips.",
        "Communicate the IMAGE guidelines to the other companies in the hiring network.",
        "Submit an annual report to ICE to track results and assess the effect of participation in the IMAGE program.",
    ]

    /// The values templates see: `tenantLegalName`, `companyName`, `contactName`,
    /// `hasContactName`, `year` and `practices` (a list of strings).
    var templateValues: [String: Any] {
        [
            "tenantLegalName": tenantLegalName, "companyName": companyName, "contactName": contactName ?? "",
            "hasContactName": contactName != nil, "year": year, "practices": Self.practices,
        ]
    }
}

extension TemplateSet {
    /// Renders the IMAGE guidelines e-mail for one company.
    public func render(_ guidelines: NetworkGuidelines) throws(TemplateError) -> RenderedMail {
        let values = guidelines.templateValues
        return RenderedMail(
            subject: Self.oneLine(try render("network-guidelines.subject", values)),
            text: try render("network-guidelines.text", values),
            html: try render("network-guidelines.html", values))
    }
}

/// The shipped `network-guidelines.*` templates.
enum NetworkGuidelinesTemplates {
    static let all = ["network-guidelines.subject": subject, "network-guidelines.text": text, "network-guidelines.html": html]

    static let subject = "IMAGE guidelines for {{year}} from {{tenantLegalName}}"

    static let text = """
        Hello{{#hasContactName}} {{contactName}}{{/hasContactName}},

        {{tenantLegalName}} is a member of IMAGE, the ICE Mutual Agreement between Government and Employers, and shares its guidelines each year with the companies of its hiring network, {{companyName}} among them.

        The IMAGE best practices:

        {{#practices}}
        * {{.}}
        {{/practices}}

        More about IMAGE: https://www.ice.gov/outreach-programs/image

        This message was sent by Attest for {{tenantLegalName}}. Please reply to let us know who at {{companyName}} should receive it next year.

        """

    static let html = """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"></head>
        <body style="font-family:sans-serif;max-width:40em">
        <p>Hello{{#hasContactName}} {{contactName}}{{/hasContactName}},</p>
        <p>{{tenantLegalName}} is a member of IMAGE, the ICE Mutual Agreement between Government and Employers, and shares its guidelines each year with the companies of its hiring network, {{companyName}} among them.</p>
        <p>The IMAGE best practices:</p>
        <ul>
        {{#practices}}
        <li>{{.}}</li>
        {{/practices}}
        </ul>
        <p>More about IMAGE: <a href="https://www.ice.gov/outreach-programs/image">ice.gov/outreach-programs/image</a></p>
        <p><small>This message was sent by Attest for {{tenantLegalName}}. Please reply to let us know who at {{companyName}} should receive it next year.</small></p>
        </body></html>

        """
}
