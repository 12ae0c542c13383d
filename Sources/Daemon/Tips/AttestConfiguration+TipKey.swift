import Foundation
import Storage

extension AttestConfiguration {
    /// The keys that open tips on this machine: the key directory
    /// (`ATTEST_TIP_KEY_DIR`) and the legacy key (`ATTEST_TIP_KEY_FILE`); nil when
    /// neither is configured. A legacy key file that cannot be read, is not private to
    /// its owner or does not hold a key is an error naming the file (never the key).
    public func tipKeyRing() throws(ConfigurationError) -> TipKeyRing? {
        let legacy = try legacyTipKey()
        guard tipKeyDirectory != nil || legacy != nil else { return nil }
        return TipKeyRing(directory: tipKeyDirectory.map(TipKeyDirectory.init(path:)), legacy: legacy)
    }

    /// The key directory, or an error that says how to configure it.
    public func requireTipKeyDirectory() throws(ConfigurationError) -> TipKeyDirectory {
        guard let tipKeyDirectory else {
            throw ConfigurationError(key: ConfigurationKey.tipKeyDirectory.environmentName,
                                     problem: "not set: name the directory that keeps the tenants' private tip keys (it is made, mode 0700, if missing)")
        }
        return TipKeyDirectory(path: tipKeyDirectory)
    }

    private func legacyTipKey() throws(ConfigurationError) -> LegacyTipKey? {
        guard let path = tipKeyFile else { return nil }
        let key = ConfigurationKey.tipKeyFile.environmentName
        do {
            return try LegacyTipKey(base64: try PrivateFile.read(path))
        } catch {
            throw ConfigurationError(key: key, problem: error.description.contains(path) ? error.description : "\(path): \(error.description)")
        }
    }
}
