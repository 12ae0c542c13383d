import Storage

extension TenantSelection {
    /// Whether a daemon with this selection hosts `tenant` (a tenant its role can see).
    func hosts(_ tenant: Tenant) -> Bool {
        guard !tenant.isDisabled else { return false }
        switch self {
        case .all: return true
        case .slugs(let slugs): return slugs.contains(tenant.slug)
        }
    }

    /// Whether `slug` has a slug's shape (checked before any database work).
    static func isWellFormedSlug(_ slug: String) -> Bool {
        slug.count <= 40 && slug.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }

    /// The tenant named `slug` when this daemon hosts it; nil when there is none (malformed,
    /// unknown, not granted to this daemon's role, not hosted here, or disabled): what the
    /// public pages (tip form, calendar feeds) answer 404 for.
    func hostedTenant(slug: String, database: Database) async throws -> Tenant? {
        guard Self.isWellFormedSlug(slug) else { return nil }
        do {
            let tenant = try await TenantRepository(database: database).require(slug: slug)
            return hosts(tenant) ? tenant : nil
        } catch let error as StorageError where error.kind == .notFound {
            return nil
        }
    }
}
