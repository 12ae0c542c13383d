import Foundation
import Hummingbird
import Logging
import Storage
import WebCommon

/// The public tip form of every tenant the daemon hosts:
///
/// - `GET /t/SLUG/tips` — the form (English, or Spanish with `?lang=es` or a browser
///   that prefers it);
/// - `POST /t/SLUG/tips` — stores the tip sealed and shows the receipt code once;
/// - `GET|POST /t/SLUG/tips/status` — the reporter enters the code and reads the
///   status and the public answer.
///
/// A tenant the daemon does not host answers 404, and every code that matches no tip
/// of this tenant gets the same neutral answer. Posts are capped in size (413),
/// limited in memory per source address (IPv6 by /64; behind a trusted proxy, the
/// client it names) and new tips per tenant (429 with `Retry-After`), and refused when
/// they come from another site or without the form's token (403). Its database work
/// passes the daemon's ``PublicGate`` (503 with `Retry-After` when public traffic is
/// shed), and a slug's tenant is remembered for 5 seconds. A tip is sealed with the
/// tenant's public key (``TipKeyRepository``): the daemon holds no key that opens a
/// tip. A tenant with no key yet answers 503 on every page. The form's CSRF tokens are
/// keyed by the tenant's own secret. Tip text is never logged; addresses are neither
/// logged nor stored.
public struct TipFormController: Sendable {
    /// The form's limits (tests lower the rate limits).
    public struct Limits: Sendable {
        /// Largest request body accepted.
        public var bodyBytes = 16 * 1024
        /// Submissions per source: 5 at once, then one every 2 minutes.
        var submissions = SourceRateLimiter.Rule(burst: 5, interval: .seconds(120))
        /// Status look-ups per source: 20 at once, then one every 15 seconds.
        var lookups = SourceRateLimiter.Rule(burst: 20, interval: .seconds(15))
        /// New tips per tenant, whatever their sources: 60 an hour (at once, then one a
        /// minute), so that a flood from many addresses cannot bury a tenant's inbox.
        var tenantTips = SourceRateLimiter.Rule(burst: 60, interval: .seconds(60))

        public init(submissionBurst: Int = 5, lookupBurst: Int = 20, tipsPerTenantPerHour: Int = 60) {
            submissions.burst = submissionBurst
            lookups.burst = lookupBurst
            tenantTips = SourceRateLimiter.Rule(burst: tipsPerTenantPerHour, interval: .seconds(3_600 / max(1, tipsPerTenantPerHour)))
        }
    }

    private let database: Database
    private let selection: TenantSelection
    private let limits: Limits
    private let submissionLimiter: SourceRateLimiter
    private let lookupLimiter: SourceRateLimiter
    private let tenantLimiter: SourceRateLimiter
    /// Proxies whose `Forwarded` / `X-Forwarded-For` name the client (`ATTEST_TRUSTED_PROXIES`).
    private let trustedProxies: Set<String>
    /// The database budget of public requests, shared with the API.
    private let gate: PublicGate
    private let lines = SlugCache<TipLine>()
    private let logger: Logger

    /// A controller as `attest serve` builds it. Key material on the daemon's machine
    /// is not used, and is reported once: the daemon only seals.
    public init(configuration: AttestConfiguration, selection: TenantSelection, database: Database, gate: PublicGate, logger: Logger) {
        if configuration.tipKeyFile != nil {
            logger.warning("""
                ATTEST_TIP_KEY_FILE is set, but the daemon no longer uses it: tips are sealed with each tenant's public key. \
                Re-seal stored tips with `attest tip key rotate --tenant SLUG`, then remove the key file from this machine
                """)
        }
        if configuration.tipKeyDirectory != nil {
            logger.warning("ATTEST_TIP_KEY_DIR is set, but the daemon that takes tips needs no private key: keep the key directory off this machine")
        }
        self.init(selection: selection, database: database, logger: logger, trustedProxies: configuration.trustedProxies, gate: gate)
    }

    /// A controller with the given limits, trusted proxies and public database budget.
    public init(selection: TenantSelection, database: Database, logger: Logger, limits: Limits = Limits(),
                trustedProxies: Set<String> = [], gate: PublicGate = PublicGate(permits: 2)) {
        self.database = database
        self.selection = selection
        self.limits = limits
        self.submissionLimiter = SourceRateLimiter(limits.submissions)
        self.lookupLimiter = SourceRateLimiter(limits.lookups)
        self.tenantLimiter = SourceRateLimiter(limits.tenantTips)
        self.trustedProxies = trustedProxies
        self.gate = gate
        self.logger = logger
    }

    /// Adds the form's four routes to `router`.
    public func addRoutes(to router: Router<some RequestContext>) {
        router.get("t/:slug/tips") { request, context in await page(request, context) { hosted, _ in showForm(request, hosted) } }
        router.post("t/:slug/tips") { request, context in
            await page(request, context) { hosted, source in await admit(request, hosted, submissionLimiter, source, then: submit) }
        }
        router.get("t/:slug/tips/status") { request, context in await page(request, context) { hosted, _ in showStatus(request, hosted) } }
        router.post("t/:slug/tips/status") { request, context in
            await page(request, context) { hosted, source in await admit(request, hosted, lookupLimiter, source, then: lookUp) }
        }
    }

    /// A hosted tenant's tip line, as remembered for a few seconds.
    struct TipLine: Sendable {
        let tenant: Tenant
        let guardian: TipFormGuard
        /// Whether the tenant has a key to seal tips with.
        let isOpen: Bool
    }

    /// A hosted tenant and what its pages need.
    struct Hosted: Sendable {
        let tenant: Tenant
        let guardian: TipFormGuard
        /// Whether the client uses HTTPS (directly, or as a trusted proxy says): the form's
        /// cookie is then `Secure`.
        let isHTTPS: Bool
    }

    /// Resolves the tenant (404; 503 when the database does not answer), checks that it
    /// has a tip key (503), then runs `body`.
    private func page(
        _ request: Request, _ context: some RequestContext,
        _ body: (Hosted, String) async -> Response
    ) async -> Response {
        let text = TipPageText(language: TipLanguage.pick(for: request))
        let unavailable = TipPage.response(.serviceUnavailable, TipPage(text: text, tenantName: "Attest", slug: "-").message(text.unavailable, text.unavailable))
        let line: TipLine?
        do {
            line = try await tipLine(context.parameters.get("slug") ?? "")
        } catch let busy as PublicGate.Busy {
            return TipPage.response(.serviceUnavailable, TipPage(text: text, tenantName: "Attest", slug: "-").message(text.unavailable, text.unavailable),
                                    retryAfter: busy.retryAfter)
        } catch {
            logger.warning("tip form: tenant look-up failed", metadata: ["error": "\(PostgresErrorText.describe(error))"])
            return unavailable
        }
        guard let line else {
            return TipPage.response(.notFound, TipPage(text: text, tenantName: "Attest", slug: "-").message(text.notFound, text.notFound))
        }
        guard line.isOpen else { return unavailable }
        let peer = (context as? any SourceAddressContext)?.sourceAddress
        let origin = RequestOrigin(request, peer: peer, trustedProxies: trustedProxies)
        return await body(Hosted(tenant: line.tenant, guardian: line.guardian, isHTTPS: origin.isHTTPS), origin.throttleKey)
    }

    /// The tip line of the hosted tenant named `slug`; nil when there is none (unknown,
    /// not granted to this daemon's role, not hosted here, or disabled). Remembered for
    /// a few seconds.
    private func tipLine(_ slug: String) async throws -> TipLine? {
        guard TenantSelection.isWellFormedSlug(slug) else { return nil }
        let (database, selection, logger) = (self.database, self.selection, self.logger)
        return try await lines.value(slug) { [self] in
            try await publicCall(limit: .seconds(5)) {
                guard let tenant = try await selection.hostedTenant(slug: slug, database: database) else { return nil }
                let keys = try await TenantWork(database: database).run(tenant: tenant, actor: "tip-form") { context, connection in
                    try await TipKeyRepository().formKeys(context: context, connection: connection, logger: database.logger)
                }
                if !keys.hasSealingKey {
                    logger.warning("tip form closed: the tenant has no tip key (make one with `attest tip key rotate --tenant \(slug)`)",
                                   metadata: ["tenant": "\(slug)"])
                }
                return TipLine(tenant: tenant, guardian: TipFormGuard(key: keys.formSecret), isOpen: keys.hasSealingKey)
            }
        }
    }

    /// Database work of a public request: through the gate (``PublicGate/Busy`` when
    /// shed), within `limit`.
    private func publicCall<Result: Sendable>(limit: Duration = DatabaseCall.limit,
                                              _ work: @escaping @Sendable () async throws -> Result) async throws -> Result {
        try await gate.run { try await DatabaseCall.limited(limit, work) }
    }

    private func showForm(_ request: Request, _ hosted: Hosted) -> Response {
        let (token, cookie) = hosted.guardian.issue(for: request, slug: hosted.tenant.slug, secure: hosted.isHTTPS)
        let page = pageMaker(hosted, TipPageText(language: TipLanguage.pick(for: request)))
        return TipPage.response(.ok, page.form(csrf: token), cookie: cookie)
    }

    private func showStatus(_ request: Request, _ hosted: Hosted) -> Response {
        let (token, cookie) = hosted.guardian.issue(for: request, slug: hosted.tenant.slug, secure: hosted.isHTTPS)
        let page = pageMaker(hosted, TipPageText(language: TipLanguage.pick(for: request)))
        return TipPage.response(.ok, page.status(csrf: token), cookie: cookie)
    }

    /// An admitted post: its fields, the page in its language and a token for a form
    /// shown again.
    struct Post: Sendable {
        let form: FormFields
        let text: TipPageText
        let page: TipPage
        let token: String
    }

    private func submit(_ post: Post, _ hosted: Hosted) async -> Response {
        let (form, text, page, token) = (post.form, post.text, post.page, post.token)
        let tipText = form["text"] ?? "", contact = (form["contact"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = problem(text: tipText, contact: contact, in: text) {
            return TipPage.response(.badRequest, page.form(csrf: token, error: problem, tipText: tipText, contact: contact))
        }
        if let wait = await tenantLimiter.take("tenant:\(hosted.tenant.id)") {
            logger.warning("tip form: the tenant's hourly cap of new tips is reached", metadata: ["tenant": "\(hosted.tenant.slug)"])
            return TipPage.response(.tooManyRequests, page.message(text.errorTitle, text.tooMany), retryAfter: wait)
        }
        let submission = TipSubmission(text: tipText, contact: contact.isEmpty ? nil : contact, language: text.language.rawValue)
        do {
            let (database, tenant) = (self.database, hosted.tenant)
            let receipt = try await publicCall {
                try await TenantWork(database: database).run(tenant: tenant, actor: "tip-form") { context, connection in
                    try await EventRecordsRepository().receiveTip(submission, context: context, connection: connection, logger: database.logger)
                }
            }
            logger.info("tip received", metadata: ["tenant": "\(tenant.slug)", "tip.id": "\(receipt.tipID)",
                                                   "obligations.inserted": "\(receipt.report.inserted)"])
            return TipPage.response(.ok, page.receipt(code: receipt.code))
        } catch let busy as PublicGate.Busy {
            return TipPage.response(.serviceUnavailable, page.message(text.errorTitle, text.unavailable), retryAfter: busy.retryAfter)
        } catch {
            logger.error("tip not stored", metadata: ["tenant": "\(hosted.tenant.slug)", "error": "\(PostgresErrorText.describe(error))"])
            return TipPage.response(.internalServerError, page.message(text.errorTitle, text.failed))
        }
    }

    private func lookUp(_ post: Post, _ hosted: Hosted) async -> Response {
        let (form, text, page, token) = (post.form, post.text, post.page, post.token)
        guard let code = TipReceiptCode(typed: form["code"] ?? "") else {
            return TipPage.response(.ok, page.status(csrf: token, message: text.noMatch))
        }
        do {
            let (database, tenant) = (self.database, hosted.tenant)
            let view = try await publicCall {
                try await TenantWork(database: database).run(tenant: tenant, actor: "tip-form") { context, connection in
                    try await EventRecordsRepository().tipStatus(code: code, context: context, connection: connection, logger: database.logger)
                }
            }
            return TipPage.response(.ok, page.status(csrf: token, answer: view, message: view == nil ? text.noMatch : nil))
        } catch let busy as PublicGate.Busy {
            return TipPage.response(.serviceUnavailable, page.message(text.statusTitle, text.unavailable), retryAfter: busy.retryAfter)
        } catch {
            logger.error("tip status look-up failed", metadata: ["tenant": "\(hosted.tenant.slug)", "error": "\(PostgresErrorText.describe(error))"])
            return TipPage.response(.internalServerError, page.message(text.statusTitle, text.failed))
        }
    }

    /// The checks every post passes before `handle` sees it, in order: the rate limit
    /// (429), the size cap (413), a readable form (400), and same-origin with a valid
    /// token (403).
    private func admit(
        _ request: Request, _ hosted: Hosted, _ limiter: SourceRateLimiter, _ source: String,
        then handle: (Post, Hosted) async -> Response
    ) async -> Response {
        var request = request
        let text = TipPageText(language: TipLanguage.pick(for: request))
        let page = pageMaker(hosted, text)
        if let wait = await limiter.take(source) {
            return TipPage.response(.tooManyRequests, page.message(text.errorTitle, text.tooMany), retryAfter: wait)
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limits.bodyBytes {
            return TipPage.response(.contentTooLarge, page.message(text.errorTitle, text.tooLarge))
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limits.bodyBytes)
        } catch {
            return TipPage.response(.contentTooLarge, page.message(text.errorTitle, text.tooLarge))
        }
        guard let form = String(validating: body.readableBytesView, as: UTF8.self).flatMap(FormFields.init(body:)) else {
            return TipPage.response(.badRequest, page.message(text.errorTitle, text.badForm))
        }
        guard hosted.guardian.allows(request, token: form["csrf"], slug: hosted.tenant.slug) else {
            return TipPage.response(.forbidden, page.message(text.errorTitle, text.forbidden))
        }
        let language = TipPageText(language: TipLanguage.pick(for: request, field: form["lang"]))
        let token = hosted.guardian.issue(for: request, slug: hosted.tenant.slug, secure: hosted.isHTTPS).token
        return await handle(Post(form: form, text: language, page: pageMaker(hosted, language), token: token), hosted)
    }

    private func problem(text tipText: String, contact: String, in text: TipPageText) -> String? {
        if tipText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return text.emptyText }
        if tipText.count > EventRecordsRepository.tipTextLimit { return text.tooLongText(tipText.count) }
        if contact.count > EventRecordsRepository.tipContactLimit { return text.tooLongContact }
        return nil
    }

    private func pageMaker(_ hosted: Hosted, _ text: TipPageText) -> TipPage {
        TipPage(text: text, tenantName: hosted.tenant.legalName, slug: hosted.tenant.slug)
    }
}
