import Foundation
import Storage

/// A tip key directory for one test, and tenants' tip keys made in it as `attest tip
/// key rotate` makes them.
public struct TestTipKeys: Sendable {
    public let directory: TipKeyDirectory

    public init(directory: TipKeyDirectory) {
        self.directory = directory
    }

    /// The ring that opens the tips sealed with this directory's keys.
    public var ring: TipKeyRing { TipKeyRing(directory: directory) }

    /// Runs `body` with a fresh directory, removed afterwards.
    public static func with<Result>(_ body: (TestTipKeys) async throws -> Result) async throws -> Result {
        let keys = TestTipKeys(directory: TipKeyDirectory(path: NSTemporaryDirectory() + "attest-tip-keys-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(atPath: keys.directory.path) }
        return try await body(keys)
    }

    /// Gives tenant `slug` a new active tip key, its private key written to the
    /// directory (`database` acts for the tenant, e.g. as `attest_operator`).
    @discardableResult
    public func make(for slug: String, database: Database) async throws -> TipPrivateKey {
        let key = TipPrivateKey.generate()
        _ = try directory.create(key)
        _ = try await TenantWork(database: database).run(slug: slug, actor: "os:test") { context, connection in
            try await TipKeyRepository().rotate(to: key.publicKey, opening: ring, context: context, connection: connection, logger: TestDatabase.logger)
        }
        return key
    }
}
