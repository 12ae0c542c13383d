import Foundation
import HummingbirdOTP

/// The second factor: time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits,
/// 30-second steps) through HummingbirdOTP. A code of the step before or after the
/// current one is accepted too (clock drift); the caller refuses a step already used.
public struct SecondFactor: Sendable {
    /// The shared key (32 characters of the base32 alphabet, used as their bytes).
    public let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// A new random secret for enrolment.
    public static func generate() -> SecondFactor {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
        var generator = SystemRandomNumberGenerator()
        return SecondFactor(secret: (0..<32).map { _ in alphabet.randomElement(using: &generator)! })
    }

    private var totp: TOTP { TOTP(secret: String(decoding: secret, as: UTF8.self)) }

    /// The `otpauth://` URI an authenticator app reads.
    public func authenticatorURI(account email: String) -> String {
        totp.createAuthenticatorURL(label: "Attest:\(email)", issuer: "Attest")
    }

    /// The key in base32, as an authenticator app asks for it when typed in.
    public func base32Key(account email: String) -> String {
        let uri = authenticatorURI(account: email)
        return URLComponents(string: uri)?.queryItems?.first { $0.name == "secret" }?.value ?? ""
    }

    /// The time step a valid `code` belongs to (now, or one step either side), or nil.
    public func acceptedStep(for code: String, at date: Date = Date()) -> Int64? {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
        let step = Int64(date.timeIntervalSince1970 / 30)
        for candidate in [step, step - 1, step + 1] where totp.compute(date: Date(timeIntervalSince1970: Double(candidate) * 30)) == value {
            return candidate
        }
        return nil
    }

    /// The code of the current step (tests, and nothing else, use it).
    public func currentCode(at date: Date = Date()) -> String {
        let code = String(totp.compute(date: date))
        return String(repeating: "0", count: max(0, 6 - code.count)) + code
    }
}
