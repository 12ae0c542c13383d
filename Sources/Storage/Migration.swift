import Foundation

/// One numbered migration file from `sql/` (`NNN_name.sql`), embedded in the binary.
public struct Migration: Sendable, Equatable {
    /// The number that orders it (`001` → 1).
    public let version: Int
    /// The file name, e.g. `001_tenants.sql`.
    public let fileName: String
    /// The SQL text.
    public let sql: String

    /// Makes a migration from a file name of the form `NNN_name.sql` and its text.
    public init(fileName: String, sql: String) throws(StorageError) {
        let digits = fileName.prefix(while: \.isNumber)
        guard digits.count == 3, let version = Int(digits),
              fileName.dropFirst(3).hasPrefix("_"), fileName.hasSuffix(".sql")
        else {
            throw StorageError(.migration, "migration file \(fileName) is not named NNN_name.sql")
        }
        self.version = version
        self.fileName = fileName
        self.sql = sql
    }

    /// The migrations compiled into this binary (from `sql/` by the EmbedSQL plugin),
    /// in version order. Throws when two files share a number.
    public static func embedded() throws(StorageError) -> [Migration] {
        var migrations: [Migration] = []
        for file in EmbeddedMigrations.files {
            guard let data = Data(base64Encoded: file.base64) else {
                throw StorageError(.migration, "embedded migration \(file.name) is corrupt")
            }
            migrations.append(try Migration(fileName: file.name, sql: String(decoding: data, as: UTF8.self)))
        }
        return try ordered(migrations)
    }

    /// Sorts by version and refuses duplicate numbers.
    public static func ordered(_ migrations: [Migration]) throws(StorageError) -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.version == b.version {
            throw StorageError(.migration, "migrations \(a.fileName) and \(b.fileName) share the number \(a.version)")
        }
        return sorted
    }
}
