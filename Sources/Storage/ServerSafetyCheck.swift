import Logging
import PostgresNIO

/// Start-up checks that the daemon's database role and server are safe to run on.
///
/// The daemon refuses to start when its role could see other tenants' rows
/// (superuser, `BYPASSRLS`, a member of `attest_operator`, `attest_owner` or
/// `attest_console`, an owner of tables, a role with members, or not a member of
/// `attest_app`) or when the server could lose commits it already
/// acknowledged (`synchronous_commit = off`, `fsync = off`).
public struct ServerSafetyCheck: Sendable {
    private let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Throws a ``StorageError`` naming the first unsafe setting found.
    public func verifyDaemonRole() async throws {
        let rows = try await database.client.query("""
            SELECT current_user::text, r.rolsuper, r.rolbypassrls,
                   pg_has_role(current_user, 'attest_app', 'MEMBER'),
                   pg_has_role(current_user, 'attest_operator', 'MEMBER') OR pg_has_role(current_user, 'attest_owner', 'MEMBER')
                       OR pg_has_role(current_user, 'attest_console', 'MEMBER'),
                   (SELECT count(*) FROM pg_class AS c WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p', 'v', 'm')),
                   (SELECT count(*) FROM pg_auth_members AS m WHERE m.roleid = r.oid),
                   current_setting('synchronous_commit'), current_setting('fsync')
            FROM pg_roles AS r WHERE r.rolname = current_user
            """, logger: database.logger)
        for try await row in rows.decode((String, Bool, Bool, Bool, Bool, Int, Int, String, String).self) {
            try Self.judge(role: row.0, superuser: row.1, bypassRLS: row.2, app: row.3, isOperator: row.4, ownedTables: row.5,
                           members: row.6, synchronousCommit: row.7, fsync: row.8)
        }
    }

    /// Throws a ``StorageError`` unless the login role is a console role: a member of
    /// `attest_console`, not a superuser, not `BYPASSRLS`, not an operator, not a daemon
    /// role, owning no table.
    public func verifyConsoleRole() async throws {
        let rows = try await database.client.query("""
            SELECT current_user::text, r.rolsuper, r.rolbypassrls,
                   pg_has_role(current_user, 'attest_console', 'MEMBER'),
                   pg_has_role(current_user, 'attest_operator', 'MEMBER') OR pg_has_role(current_user, 'attest_app', 'MEMBER')
                       OR pg_has_role(current_user, 'attest_owner', 'MEMBER'),
                   (SELECT count(*) FROM pg_class AS c WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p', 'v', 'm'))
            FROM pg_roles AS r WHERE r.rolname = current_user
            """, logger: database.logger)
        for try await (role, superuser, bypass, console, other, owned) in rows.decode((String, Bool, Bool, Bool, Bool, Int).self) {
            if superuser || bypass {
                throw StorageError(.unsafeRole, "database role \(role) bypasses row-level security (superuser or BYPASSRLS): run the console as attest_console")
            }
            if !console || other || owned > 0 {
                throw StorageError(.unsafeRole, "database role \(role) is not the console's role: run `attest console` as attest_console (a member of it that is not an operator, daemon or owner role, see deploy/roles.sql)")
            }
        }
    }

    static func judge(
        role: String, superuser: Bool, bypassRLS: Bool, app: Bool, isOperator: Bool,
        ownedTables: Int, members: Int, synchronousCommit: String, fsync: String
    ) throws(StorageError) {
        if superuser || bypassRLS {
            throw StorageError(.unsafeRole, "database role \(role) bypasses row-level security (superuser or BYPASSRLS): run the daemon as a tenant-scoped role such as attest_daemon")
        }
        if isOperator || !app {
            throw StorageError(.unsafeRole, "database role \(role) is not a tenant-scoped daemon role: it must be a member of attest_app and not of attest_operator, attest_owner or attest_console (see deploy/roles.sql)")
        }
        if members > 0 {
            throw StorageError(.unsafeRole, "database role \(role) has \(members) members, who could act for its tenants through it: run the daemon as a login role nobody else belongs to (deploy/daemon-role.sql)")
        }
        if ownedTables > 0 {
            throw StorageError(.unsafeRole, "database role \(role) owns \(ownedTables) tables and could change their policies: run the daemon as a role that owns nothing")
        }
        if synchronousCommit == "off" {
            throw StorageError(.unsafeServer, "the server runs with synchronous_commit = off and could lose reminders already sent: set it to on")
        }
        if fsync == "off" {
            throw StorageError(.unsafeServer, "the server runs with fsync = off and risks corruption: set it to on")
        }
    }
}
