import Foundation

/// The settings `deploy/test.sh` exports for the tests (`ATTEST_TEST_…`).
public enum TestEnvironment {
    /// A required setting; a clear failure when the tests were not started by `make test`.
    public static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw TestSetupError("\(name) is not set: run the tests with `make test`, which starts PostgreSQL for them")
        }
        return value
    }

    /// TCP port of the throwaway PostgreSQL server.
    public static func postgresPort() throws -> Int {
        guard let port = Int(try value("ATTEST_TEST_PG_PORT")) else { throw TestSetupError("ATTEST_TEST_PG_PORT is not a port") }
        return port
    }

    /// Folder of the server's Unix socket (the superuser connects through it).
    public static func postgresSocket() throws -> String { try value("ATTEST_TEST_PG_SOCKET") }

    /// Password of attest_owner, attest_operator, attest_daemon and the test roles.
    public static func rolePassword() throws -> String { try value("ATTEST_TEST_ROLE_PASSWORD") }

    /// Path of the built `attest` executable.
    public static func binary() throws -> String { try value("ATTEST_TEST_BINARY") }

    /// Root of the repository (for `deploy/database.sql`).
    public static func repository() throws -> String { try value("ATTEST_TEST_REPOSITORY") }
}

/// The test environment is incomplete.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
