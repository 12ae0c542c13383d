import Hummingbird
import Logging
import Storage

/// The operators' JSON API under `/api/v1` (documented in `docs/openapi.json`).
///
/// Every route needs a bearer token (``BearerAuthMiddleware``); errors are JSON
/// (``APIErrorMiddleware``, and ``APIFallbackMiddleware`` for paths and methods no
/// route takes); tenant data is reached only through ``APIScope``.
public struct APIController: Sendable {
    private let database: Database
    private let selection: TenantSelection
    private let gate: PublicGate

    /// - Parameters:
    ///   - database: the daemon's database (its role is a tenant-scoped daemon role).
    ///   - selection: the tenants this daemon hosts; the API reaches no others.
    ///   - gate: the database budget of public requests, shared with the tip form.
    public init(database: Database, selection: TenantSelection, gate: PublicGate = PublicGate(permits: 2)) {
        self.database = database
        self.selection = selection
        self.gate = gate
    }

    /// Adds the `/api/v1` routes to `router`, then the JSON 404/405 for the rest of
    /// `/api/v1` (routes added to `router` later pass through that check untouched).
    public func addRoutes(to router: Router<DaemonRequestContext>) {
        let group = router.group("api/v1", context: APIRequestContext.self)
            .add(middleware: APIErrorMiddleware())
            .add(middleware: BearerAuthMiddleware(tokens: APITokenRepository(database: database), gate: gate))
        let scope = APIScope(database: database, selection: selection)
        TenantRoutes(scope: scope).add(to: group)
        PeopleRoutes(scope: scope).add(to: group)
        HireRoutes(scope: scope).add(to: group)
        ObligationRoutes(scope: scope).add(to: group)
        TipRoutes(scope: scope).add(to: group)
        EventRoutes(scope: scope).add(to: group)
        ProgramRoutes(scope: scope).add(to: group)
        CalendarRoutes(scope: scope).add(to: group)
        router.add(middleware: APIFallbackMiddleware(routes: router.routes.filter { $0.path.description.hasPrefix("/api/v1/") }))
    }
}
