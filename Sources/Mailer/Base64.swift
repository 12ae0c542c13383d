import Foundation

/// Base64 of bytes (RFC 4648), for encoded-words and AUTH.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
