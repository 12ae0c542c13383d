import Foundation
import Storage
import Testing

@Suite struct HexDigitsTests {
    @Test func bytesAreTwoLowerCaseDigitsEach() {
        #expect([UInt8]().hexDigits == "")
        #expect([0x00, 0x0f, 0xa5, 0xff].hexDigits == "000fa5ff")
        #expect(Data([0x12, 0x34]).hexDigits == "1234")
    }

    @Test func everyByteReadsAsFoundationFormatsIt() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(bytes.hexDigits == bytes.map { String(format: "%02x", $0) }.joined())
    }
}

/// Delivery keys are stored, and their Message-IDs sent: the same reminders must make the
/// same key across versions.
@Suite struct DeliveryKeyTests {
    @Test func aKeyIsTheSameWhateverTheOrderAndCaseOfItsReminders() throws {
        let one = try #require(UUID(uuidString: "00000000-0000-0000-0000-000000000001"))
        let two = try #require(UUID(uuidString: "00000000-0000-0000-0000-0000000000FF"))
        let key = DeliveryKey.make(recipient: "Jane@acme.example", reminders: [two, one])
        #expect(key == "948534b041ee975c876867ec03758a07")
        #expect(key == DeliveryKey.make(recipient: "jane@acme.example", reminders: [one, two]))
        #expect(DeliveryKey.messageID(key: key) == "<948534b041ee975c876867ec03758a07@attest.invalid>")
    }
}
