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
