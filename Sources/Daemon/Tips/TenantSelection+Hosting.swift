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
}
