import Foundation
import Storage
import Testing

/// Sealing tip texts (AES-GCM) and receipt codes, without a database.
@Suite struct TipSealerTests {
    private let tenant = UUID()

    @Test func aSealedValueOpensOnlyForItsTenantTipFieldAndKey() throws {
        let sealer = try TipSealer(base64: TipSealer.generateKey())
        let text = "Crew B started Monday without papers — ñ"
        let sealed = try sealer.seal(text, field: .text, tenant: tenant, tip: "web-1")
        #expect(sealed.count == 12 + Data(text.utf8).count + 16)  // nonce ‖ ciphertext ‖ tag
        #expect(sealed.range(of: Data("Crew B".utf8)) == nil)
        #expect(try sealer.open(sealed, field: .text, tenant: tenant, tip: "web-1") == text)
        #expect(try sealer.seal(text, field: .text, tenant: tenant, tip: "web-1") != sealed, "the nonce must differ each time")

        #expect(throws: TipKeyError.self) { try sealer.open(sealed, field: .contact, tenant: tenant, tip: "web-1") }
        #expect(throws: TipKeyError.self) { try sealer.open(sealed, field: .text, tenant: UUID(), tip: "web-1") }
        #expect(throws: TipKeyError.self) { try sealer.open(sealed, field: .text, tenant: tenant, tip: "web-2") }
        let other = try TipSealer(base64: TipSealer.generateKey())
        #expect(other.keyID != sealer.keyID)
        #expect(throws: TipKeyError.self) { try other.open(sealed, field: .text, tenant: tenant, tip: "web-1") }
        var tampered = sealed
        tampered[20] ^= 1
        #expect(throws: TipKeyError.self) { try sealer.open(tampered, field: .text, tenant: tenant, tip: "web-1") }
    }

    @Test func malformedKeysAreRefusedWithAReason() {
        #expect(throws: TipKeyError("the key is not base64 (make one with `attest tip key generate`)")) { try TipSealer(base64: "not base64!") }
        #expect(throws: TipKeyError("the key must be 32 bytes (base64 of 32 random bytes), not 16")) {
            try TipSealer(base64: Data(repeating: 7, count: 16).base64EncodedString())
        }
    }

    @Test func receiptCodesAreRandomGroupedAndReadAsTyped() throws {
        let code = TipReceiptCode.generate()
        #expect(code.characters.count == 20)
        #expect(code.grouped.split(separator: "-").map(\.count) == [5, 5, 5, 5])
        #expect(TipReceiptCode(typed: " \(code.grouped.lowercased().replacingOccurrences(of: "-", with: " ")) ") == code)
        #expect(code.hash.count == 32)
        #expect(TipReceiptCode.generate() != code)
        for bad in ["", "ABCDE", "ABCDE-FGHIJ-KLMNO-PQRS1", "ABCDE-FGHIJ-KLMNO-PQRSTU"] {
            #expect(TipReceiptCode(typed: bad) == nil, "\(bad)")
        }
    }
}
