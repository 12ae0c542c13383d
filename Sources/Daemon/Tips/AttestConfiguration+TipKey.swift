import Foundation
import Storage

extension AttestConfiguration {
    /// The sealer for the key in `ATTEST_TIP_KEY_FILE`, or nil when no key file is
    /// configured. A file that cannot be read or does not hold a base64 32-byte key is
    /// an error naming the key (the key itself is never part of a message).
    public func tipSealer() throws(ConfigurationError) -> TipSealer? {
        guard let path = tipKeyFile else { return nil }
        let key = ConfigurationKey.tipKeyFile.environmentName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: key, problem: "cannot read \(path)")
        }
        do {
            return try TipSealer(base64: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigurationError(key: key, problem: "\(path): \(error.description)")
        }
    }
}
