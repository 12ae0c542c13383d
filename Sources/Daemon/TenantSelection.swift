import Storage

/// Which tenants a daemon hosts: named slugs, or every tenant its role may act for.
public enum TenantSelection: Sendable, Equatable {
    case slugs([String])
    case all

    /// Picks the hosted tenants from those visible to the daemon's role, refusing
    /// unknown and disabled ones with a message naming them.
    func resolve(visible: [Tenant]) throws(StorageError) -> [Tenant] {
        switch self {
        case .all:
            return visible.filter { !$0.isDisabled }
        case .slugs(let slugs):
            guard !slugs.isEmpty else {
                throw StorageError(.invalidInput, "name at least one tenant (--tenant SLUG) or use --all-tenants")
            }
            return try slugs.map { slug throws(StorageError) in
                guard let tenant = visible.first(where: { $0.slug == slug }) else {
                    throw StorageError(.notFound, "unknown tenant \"\(slug)\", or this database role may not act for it (see `attest tenant list` and `attest tenant grant`)")
                }
                guard !tenant.isDisabled else {
                    throw StorageError(.invalidInput, "tenant \"\(slug)\" is disabled")
                }
                return tenant
            }
        }
    }
}
