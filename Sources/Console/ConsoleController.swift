import Compliance
import Foundation
import Hummingbird
import Logging
import Reports
import Storage
import WebCommon

/// The read-only pages: the overview, a tenant, the annual report, and the stylesheet.
/// Record lists are ``RecordListPages``; a hire's page and its forms ``HireController``.
struct ConsoleController: Sendable {
    let scope: ConsoleScope

    func addRoutes(to router: Router<ConsoleRequestContext>) {
        router.get("/") { request, context in try await overview(request, context) }
        router.get("tenants/:slug") { request, context in
            try await tenant(context, notice: ChangeNotice(request, sentences: Self.tenantSentences), failed: nil, status: .ok)
        }
        router.post("tenants/:slug/record/:form") { request, context in try await recordOnTenant(request, context) }
        router.get("tenants/:slug/report") { request, context in try await reportPage(request, context) }
        for format in ReportFormat.allCases {
            router.get("tenants/:slug/report.\(format.fileExtension)") { request, context in try await report(request, context, format) }
        }
        router.get("assets/console.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Layout.stylesheet)))
        }
        router.get("healthz") { _, _ in "ok\n" }
    }

    private func overview(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.signedIn()
        let logger = context.logger
        let rows = try await scope.read(session) { connection in
            try await AgendaRepository().status(today: ConsoleScope.utcToday(), connection: connection, logger: logger)
        }
        return html(OverviewPage(rows: rows, query: Self.overviewQuery(request), now: Date()).render(session: session))
    }

    private static let tenantSentences = Dictionary(uniqueKeysWithValues: TenantForms.all.map { ($0.id, $0.sentence) })

    private func recordOnTenant(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        guard let form = TenantForms.all.first(where: { $0.id == context.parameters.get("form") }) else { throw ConsolePageError.notFound }
        switch try await FormSubmission.run(request, context, scope: scope, fields: form.fields, missingIsNotFound: false,
                                            input: form.input(for:), form.read) {
        case .saved(let report):
            let notice = ChangeNotice(action: form.id, sentence: form.sentence, report: report)
            return Response.redirect(to: "/tenants/\(Path.segment(try context.parameters.require("slug")))\(notice.query)#notice", type: .normal)
        case .refused(let state):
            return try await tenant(context, notice: nil, failed: (form.id, state), status: .unprocessableContent)
        }
    }

    private func tenant(_ context: ConsoleRequestContext, notice: ChangeNotice?, failed: (id: String, state: FormState)?,
                        status: HTTPResponse.Status) async throws -> Response {
        let session = try context.signedIn()
        let logger = context.logger
        let page = try await scope.tenant(context) { tenant, connection in
            let today = ConsoleScope.today(in: tenant.tenant)
            return TenantPage(
                tenant: tenant.tenant, today: today,
                agenda: try await AgendaRepository().agenda(from: today, days: 14, context: tenant, connection: connection, logger: logger),
                deliveries: try await DeliveryQueue().recent(before: nil, limit: 10, context: tenant, connection: connection, logger: logger),
                closures: try await CalendarRepository.closures(tenant: tenant.tenant.id, connection: connection, logger: logger),
                settingsJSON: Self.json(tenant.rules.settings))
        }
        return PageHeaders.html(status, page.render(session: session, notice: notice, failed: failed).markup, inlineStyles: false)
    }

    private func reportPage(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.signedIn()
        let tenant = try await scope.tenant(context) { tenant, _ in tenant.tenant }
        let year = try Self.year(request, default: ConsoleScope.today(in: tenant).year)
        let base = "/tenants/\(tenant.slug)/report"
        let downloads = ReportFormat.allCases.map { format -> HTML in
            "<li><a href=\"\(base).\(format.fileExtension)?year=\(year)&amp;download=1\" download>\(format.rawValue.uppercased())</a></li>"
        }
        let body: HTML = """
            <h1>Annual IMAGE report \(year) <span class="hint">\(tenant.legalName)</span></h1>
            <form method="get" action="\(base)"><label for="year">Year</label>
            <input type="text" id="year" name="year" inputmode="numeric" value="\(year)"> <button type="submit">Show</button></form>
            <nav aria-label="Downloads"><p>Download:</p><ul>\(downloads)</ul></nav>
            <iframe class="report" title="The annual report \(year)" src="\(base).html?year=\(year)"></iframe>
            """
        return html(Layout.page(title: "Annual report \(year)", session: session,
                                breadcrumbs: [("/tenants/\(tenant.slug)", tenant.legalName)], body: body))
    }

    /// The report in one format; HTML is the very page `attest report annual` writes,
    /// with its inline styles, framed only by the console itself.
    private func report(_ request: Request, _ context: ConsoleRequestContext, _ format: ReportFormat) async throws -> Response {
        let logger = context.logger
        let (slug, text) = try await scope.tenant(context) { tenant, connection in
            let today = ConsoleScope.today(in: tenant.tenant)
            let year = try Self.year(request, default: today.year)
            let report = try await AnnualReportRepository().report(year: year, asOf: today, context: tenant, connection: connection, logger: logger)
            return ("\(tenant.tenant.slug)-\(year)", try format.render(report))
        }
        var headers: HTTPFields = [
            .contentType: Self.contentType(format), .cacheControl: "no-store", .xContentTypeOptions: "nosniff",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
            PageHeaders.frameOptions: "SAMEORIGIN",
        ]
        if request.uri.queryParameters["download"] != nil || format != .html {
            headers[.contentDisposition] = "attachment; filename=\"\(slug)-annual-report.\(format.fileExtension)\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private static func overviewQuery(_ request: Request) -> OverviewPage.Query {
        let parameters = request.uri.queryParameters
        return .init(filter: parameters["q"].map(String.init), sort: parameters["sort"].map(String.init), direction: parameters["dir"].map(String.init))
    }

    private static func year(_ request: Request, default fallback: Int) throws(ConsolePageError) -> Int {
        guard let text = request.uri.queryParameters["year"] else { return fallback }
        guard let year = Int(text), (2000...2100).contains(year) else {
            throw .badRequest("year: give a year from 2000 to 2100.")
        }
        return year
    }

    private static func contentType(_ format: ReportFormat) -> String {
        switch format {
        case .html: "text/html; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .json: "application/json"
        }
    }

    private static func json(_ settings: ComplianceSettings) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(settings)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private func html(_ page: HTML) -> Response {
        PageHeaders.html(.ok, page.markup, inlineStyles: false)
    }
}
