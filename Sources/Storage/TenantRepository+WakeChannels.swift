import Foundation
import Logging
import PostgresNIO

extension TenantRepository {
    /// The channel each of these tenants' schedulers is woken on (migration 019), for
    /// the tenants the connection's role may see; the others are left out.
    public static func wakeChannels(of tenants: [UUID], connection: PostgresConnection, logger: Logger) async throws -> [UUID: String] {
        let rows = try await connection.query("""
            SELECT id, wake_channel FROM attest.tenants WHERE id = ANY (\(tenants)::uuid[])
            """, logger: logger)
        var channels: [UUID: String] = [:]
        for try await (tenant, channel) in rows.decode((UUID, String).self) { channels[tenant] = channel }
        return channels
    }

    /// Wakes the schedulers of these tenants (those the connection's role may see),
    /// as a change of their obligations does; takes effect when the transaction commits.
    public static func wake(_ tenants: [UUID], connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT attest.wake_tenants(\(tenants)::uuid[])", logger: logger)
    }
}
