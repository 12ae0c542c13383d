import Hummingbird
import Logging
import PostgresNIO
import Storage

/// What a write route records: its subject (`letter L-1` …) and the Storage call that
/// records it in the tenant's transaction.
struct RecordWork: Sendable {
    let subject: String
    let record: @Sendable (TenantContext, PostgresConnection, Logger) async throws -> ReconcileReport
}

extension APIScope {
    /// Adds `POST path`: reads a JSON body of `fields`, records the work `prepare`
    /// makes of it for the route's tenant and answers ``ChangeJSON``. `renaming` maps
    /// record-rule fields to the request's own names.
    func post(_ path: String, on group: RouterGroup<APIRequestContext>, fields: Set<String>, renaming: [String: String] = [:],
              _ prepare: @escaping @Sendable (JSONBody, APIRequestContext) throws -> RecordWork) {
        group.post(RouterPath(stringLiteral: path)) { request, context in
            let work = try prepare(try await JSONBody.read(request, context: context, allowed: fields), context)
            let report = try await run(context, fields: renaming) { tenant, connection, logger in
                try await work.record(tenant, connection, logger)
            }
            return try APIJSON.response(ChangeJSON(subject: work.subject, report: report))
        }
    }

    /// A year from the route's `year` parameter (``RecordRules/recordYears``).
    static func year(_ context: APIRequestContext) throws -> Int {
        let text = try context.parameters.require("year")
        guard let year = Int(text), RecordRules.recordYears.contains(year) else {
            throw APIError.invalid("year", "must be a year from \(RecordRules.recordYears.lowerBound) to \(RecordRules.recordYears.upperBound)")
        }
        return year
    }
}
