import Foundation
import PostgresNIO

/// One entry of the append-only trail: who did what to which subject, and when.
public struct Event: Sendable, Equatable {
    public var action: String
    public var subjectKind: String
    public var subjectID: String
    /// A JSON object with the change's details (never personal data beyond ids).
    public var details: String

    public init(action: String, subjectKind: String, subjectID: String, details: [String: String] = [:]) {
        self.action = action
        self.subjectKind = subjectKind
        self.subjectID = subjectID
        let data = (try? JSONSerialization.data(withJSONObject: details, options: [.sortedKeys])) ?? Data("{}".utf8)
        self.details = String(decoding: data, as: UTF8.self)
    }
}

/// Appends to `attest.events`. Application roles may only insert there: updates,
/// deletes and truncation are refused by privileges and by triggers.
public enum EventLog {
    /// Appends `events` for the context's tenant, attributed to its actor, in one statement.
    public static func append(_ events: [Event], context: TenantContext, connection: PostgresConnection, logger: Logger) async throws {
        guard !events.isEmpty else { return }
        try await connection.query("""
            INSERT INTO attest.events (tenant_id, actor, action, subject_kind, subject_id, details)
            SELECT \(context.tenant.id), \(context.actor), e.action, e.subject_kind, e.subject_id, e.details::jsonb
            FROM unnest(\(events.map(\.action))::text[], \(events.map(\.subjectKind))::text[],
                        \(events.map(\.subjectID))::text[], \(events.map(\.details))::text[])
                 AS e(action, subject_kind, subject_id, details)
            """, logger: logger)
    }
}
