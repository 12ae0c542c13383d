import Foundation
@testable import Mailer

/// The encoders as they were before they were rewritten for speed (commit 77d754b):
/// simple, obviously right, slow. The fast ones must give the same bytes.
enum ReferenceEncoders {
    static func quotedPrintable(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var lineStart = 0
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0x0D || byte == 0x0A {
                quotedPrintableLine(input[lineStart..<index], into: &output)
                output += [0x0D, 0x0A]
                index += (byte == 0x0D && index + 1 < input.count && input[index + 1] == 0x0A) ? 2 : 1
                lineStart = index
            } else {
                index += 1
            }
        }
        if lineStart < input.count { quotedPrintableLine(input[lineStart...], into: &output) }
        return output
    }

    private static func quotedPrintableLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var length = 0
        for index in line.indices {
            let byte = line[index]
            let isLast = index == line.index(before: line.endIndex)
            let literal = ((0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=")) || (!isLast && (byte == 0x20 || byte == 0x09))
            let width = literal ? 1 : 3
            let limit = isLast ? 76 : 75
            if length + width > limit {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                length = 0
            }
            if literal {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "="), hex(byte >> 4), hex(byte & 0x0F)]
            }
            length += width
        }
    }

    private static func hex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x41 + nibble - 10
    }

    static func dataPhase(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            index += 1
            if byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") {
                if byte == UInt8(ascii: "\r"), index < message.count, message[index] == UInt8(ascii: "\n") { index += 1 }
                out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
                atLineStart = true
                continue
            }
            if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = false
        }
        if !atLineStart { out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
        return out + Array(".\r\n".utf8)
    }

    static func mime(_ message: MailMessage, boundary: String) -> [UInt8] {
        var out = Array(headers(message).utf8)
        let partHeaders = { (type: String) in "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" }
        guard let html = message.html else {
            out += Array(partHeaders("text/plain").utf8)
            out += quotedPrintable(Array(message.text.utf8))
            return out + [0x0D, 0x0A]
        }
        out += Array("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n".utf8)
        out += Array("This is a multi-part message in MIME format.\r\n".utf8)
        for (type, body) in [("text/plain", message.text), ("text/html", html)] {
            out += Array("\r\n--\(boundary)\r\n".utf8)
            out += Array(partHeaders(type).utf8)
            out += quotedPrintable(Array(body.utf8))
        }
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return out
    }

    private static func headers(_ message: MailMessage) -> String {
        var lines = headerLine("Date", date(message.date))
        lines += headerLine("From", headerValue(message.from))
        lines += headerLine("To", message.to.map(headerValue).joined(separator: ", "))
        if let replyTo = message.replyTo { lines += headerLine("Reply-To", headerValue(replyTo)) }
        lines += headerLine("Subject", unstructured(message.subject))
        lines += headerLine("Message-ID", message.messageID)
        lines += "MIME-Version: 1.0\r\n"
        lines += "Auto-Submitted: auto-generated\r\n"
        return lines
    }

    private static func headerValue(_ address: MailAddress) -> String {
        guard let name = address.name else { return address.address }
        return "\(phrase(name)) <\(address.address)>"
    }

    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
    }

    static func unstructured(_ text: String) -> String {
        guard isPlain(text), !text.contains("  "), text.utf8.count < 900, text == trimmed(text) else {
            return HeaderText.encodedWords(text).joined(separator: " ")
        }
        return text
    }

    static func phrase(_ text: String) -> String {
        if text.utf8.allSatisfy({ isAtext($0) || $0 == 0x20 }), text == trimmed(text), !text.contains("  ") {
            return text
        }
        if isPlain(text), text.utf8.count < 200 {
            let escaped = text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return HeaderText.encodedWords(text).joined(separator: " ")
    }

    private static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    static func headerLine(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if current.utf8.count + 1 + word.utf8.count > 78, current.utf8.count > name.utf8.count + 1 {
                lines.append(current)
                current = ""
            }
            current += " " + word
        }
        lines.append(current)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func date(_ date: Date) -> String {
        let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let dayNumber = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return "\(days[((dayNumber % 7) + 7) % 7]), \(two(parts.day!)) \(months[parts.month! - 1]) \(parts.year!) "
            + "\(two(parts.hour!)):\(two(parts.minute!)):\(two(parts.second!)) +0000"
    }
}
