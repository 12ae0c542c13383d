import Foundation
import PostgresNIO

/// A CSV file an operator uploaded to the console, kept between its preview and its import.
public struct ConsoleUpload: Sendable {
    public let id: UUID
    public let kind: RecordImporter.Kind
    public let fileName: String
    public let content: [UInt8]

    public init(id: UUID, kind: RecordImporter.Kind, fileName: String, content: [UInt8]) {
        self.id = id
        self.kind = kind
        self.fileName = fileName
        self.content = content
    }
}

/// Every query on `attest.console_uploads` (sql/015). Each runs in a console session's
/// transaction: row-level security keeps a session to its own uploads, of tenants it
/// may see, for an hour.
public enum ConsoleUploadStore {
    /// Keeps `content` for the session's next step, and removes every upload older than
    /// an hour; the new upload's id.
    public static func save(_ kind: RecordImporter.Kind, fileName: String, content: [UInt8], context: TenantContext,
                            connection: PostgresConnection, logger: Logger) async throws -> UUID {
        try await connection.query("SELECT attest.prune_console_uploads()", logger: logger)
        let rows = try await connection.query("""
            INSERT INTO attest.console_uploads (tenant_id, session_hash, kind, file_name, content)
            VALUES (\(context.tenant.id), decode(current_setting('attest.console_session'), 'hex'), \(kind.rawValue), \(fileName),
                    \(ByteBuffer(bytes: content)))
            RETURNING id
            """, logger: logger)
        guard let id = try await rows.decode(UUID.self).first(where: { _ in true }) else {
            throw StorageError(.query, "keeping the upload returned no id")
        }
        return id
    }

    /// The session's upload `id` for the context's tenant, if it is still kept.
    public static func load(_ id: UUID, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> ConsoleUpload? {
        let rows = try await connection.query("""
            SELECT kind, file_name, content FROM attest.console_uploads WHERE tenant_id = \(context.tenant.id) AND id = \(id)
            """, logger: logger)
        for try await (kind, name, content) in rows.decode((String, String, ByteBuffer).self) {
            guard let kind = RecordImporter.Kind(rawValue: kind) else { return nil }
            return ConsoleUpload(id: id, kind: kind, fileName: name, content: Array(buffer: content))
        }
        return nil
    }

    /// Forgets the upload `id` (after its import).
    public static func delete(_ id: UUID, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM attest.console_uploads WHERE tenant_id = \(context.tenant.id) AND id = \(id)", logger: logger)
    }
}
