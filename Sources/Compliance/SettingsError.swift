/// A tenant setting is missing, unknown or out of its allowed range.
public struct SettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case outOfRange(setting: String, value: String, allowed: String)
        case unknownSetting(String)
        case invalidValue(setting: String, detail: String)
    }

    private let reason: Reason

    /// A numeric setting is outside its allowed range.
    public static func outOfRange(_ setting: String, value: Int, allowed: ClosedRange<Int>) -> Self {
        Self(reason: .outOfRange(setting: setting, value: String(value), allowed: "\(allowed.lowerBound)…\(allowed.upperBound)"))
    }
    /// A settings document names a setting that does not exist.
    public static func unknownSetting(_ name: String) -> Self { Self(reason: .unknownSetting(name)) }
    /// A setting's value cannot be used.
    public static func invalidValue(_ setting: String, _ detail: String) -> Self {
        Self(reason: .invalidValue(setting: setting, detail: detail))
    }

    /// The setting concerned.
    public var setting: String {
        switch reason {
        case .outOfRange(let setting, _, _), .invalidValue(let setting, _): setting
        case .unknownSetting(let name): name
        }
    }

    public var description: String {
        switch reason {
        case .outOfRange(let setting, let value, let allowed):
            "setting \(setting) is \(value); it must be within \(allowed)"
        case .unknownSetting(let name):
            "unknown setting '\(name)'; check its spelling against docs/compliance-rules.md"
        case .invalidValue(let setting, let detail):
            "setting \(setting) is invalid: \(detail)"
        }
    }
}
