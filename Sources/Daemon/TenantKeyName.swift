import Foundation
import Storage

/// Recognises the per-tenant configuration keys (``ConfigurationKey/forTenant(_:)``) in
/// environment variable names and file key paths, so that a typo in one is still refused
/// by name, as for every other key.
enum TenantKeyName {
    static let environmentPrefix = "ATTEST_TENANT_"
    static let fileSection = "tenant"

    /// The slug named by an `ATTEST_TENANT_<SLUG>_<KEY>` variable; nil for a variable
    /// outside that pattern.
    /// - Throws: when the variable starts like a per-tenant key but is not one (unknown
    ///   key, no slug, or a slug that cannot be a tenant's).
    static func slug(environmentName name: String) throws(ConfigurationError) -> String? {
        guard name.hasPrefix(environmentPrefix) else { return nil }
        let rest = name.dropFirst(environmentPrefix.count)
        for key in ConfigurationKey.perTenant {
            let suffix = "_" + key.environmentName.dropFirst("ATTEST_".count)
            guard rest.hasSuffix(suffix), rest.count > suffix.count else { continue }
            let slug = rest.dropLast(suffix.count).lowercased().replacingOccurrences(of: "_", with: "-")
            guard (try? TenantValidation.slug(slug)) != nil, key.forTenant(slug).environmentName == name else {
                throw ConfigurationError(key: name, problem: "\(rest.dropLast(suffix.count)) is not a tenant slug in upper case with _ for - (ATTEST_TENANT_ACME_FOODS\(suffix) for tenant acme-foods)")
            }
            return slug
        }
        throw ConfigurationError(key: name, problem: "unknown per-tenant key (a tenant may set \(examples(environment: true)))")
    }

    /// The slug named by a file key path `tenant.SLUG.KEY`; nil for a path outside the
    /// `tenant` section.
    /// - Throws: for a path in the section that is not a per-tenant key.
    static func slug(filePath path: String) throws(ConfigurationError) -> String? {
        let components = path.split(separator: ".", maxSplits: 2).map(String.init)
        guard components.first == fileSection else { return nil }
        guard components.count == 3, (try? TenantValidation.slug(components[1])) != nil,
              ConfigurationKey.perTenant.contains(where: { $0.name == components[2] })
        else {
            throw ConfigurationError(key: path, problem: "unknown per-tenant key (a tenant may set \(examples(environment: false)))")
        }
        return components[1]
    }

    private static func examples(environment: Bool) -> String {
        ConfigurationKey.perTenant.map { key in
            environment ? "ATTEST_TENANT_<SLUG>_" + key.environmentName.dropFirst("ATTEST_".count) : "tenant.<slug>.\(key.name)"
        }.joined(separator: ", ")
    }
}
