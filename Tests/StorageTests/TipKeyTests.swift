import Foundation
import Storage
import Testing

/// Sealing tip texts with a tenant's public key (HPKE) and opening them with its
/// private key file; the legacy shared key; receipt codes. No database.
@Suite struct TipKeyTests {
    private let tenant = UUID()

    @Test func aSealedValueOpensOnlyWithItsPrivateKeyForItsTenantTipAndField() throws {
        let key = TipPrivateKey.generate()
        let text = "Crew B started Monday without papers — ñ"
        let sealed = try key.publicKey.seal(text, field: .text, tenant: tenant, tip: "web-1")
        #expect(sealed.count == 32 + Data(text.utf8).count + 16)  // encapsulated key ‖ ciphertext ‖ tag
        #expect(sealed.range(of: Data("Crew B".utf8)) == nil)
        #expect(try key.open(sealed, field: .text, tenant: tenant, tip: "web-1") == text)
        #expect(try key.publicKey.seal(text, field: .text, tenant: tenant, tip: "web-1") != sealed, "each seal has its own ephemeral key")

        #expect(throws: TipKeyError.self) { try key.open(sealed, field: .contact, tenant: tenant, tip: "web-1") }
        #expect(throws: TipKeyError.self) { try key.open(sealed, field: .text, tenant: UUID(), tip: "web-1") }
        #expect(throws: TipKeyError.self) { try key.open(sealed, field: .text, tenant: tenant, tip: "web-2") }
        let other = TipPrivateKey.generate()
        #expect(other.keyID != key.keyID)
        #expect(throws: TipKeyError.self) { try other.open(sealed, field: .text, tenant: tenant, tip: "web-1") }
        var tampered = sealed
        tampered[40] ^= 1
        #expect(throws: TipKeyError.self) { try key.open(tampered, field: .text, tenant: tenant, tip: "web-1") }
        #expect(throws: TipKeyError.self) { try key.open(Data(sealed.prefix(20)), field: .text, tenant: tenant, tip: "web-1") }
    }

    @Test func thePublicKeyRoundTripsThroughItsBytesAndBadBytesAreRefused() throws {
        let key = TipPrivateKey.generate()
        let stored = try TipPublicKey(rawRepresentation: key.publicKey.rawRepresentation)
        #expect(stored == key.publicKey && stored.keyID.count == 16)
        let sealed = try stored.seal("x", field: .contact, tenant: tenant, tip: "t")
        #expect(try key.open(sealed, field: .contact, tenant: tenant, tip: "t") == "x")
        #expect(throws: TipKeyError("a tip public key is 32 bytes (X25519), not 31")) { try TipPublicKey(rawRepresentation: Data(count: 31)) }
    }

    @Test func keyFilesAreCreatedPrivateNeverOverwrittenAndRefusedWhenOthersMayReadThem() throws {
        let directory = TipKeyDirectory(path: NSTemporaryDirectory() + "attest-tip-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let key = TipPrivateKey.generate()
        let file = try directory.create(key)
        #expect(file == directory.file(for: key.keyID))
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let contents = try String(contentsOfFile: file, encoding: .utf8)
        #expect(throws: TipKeyError("\(file) exists: a key file is never overwritten")) { try directory.create(key) }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == contents)

        let sealed = try key.publicKey.seal("opened from the file", field: .text, tenant: tenant, tip: "t")
        #expect(try TipKeyRing(directory: directory).open(sealed, keyID: key.keyID, field: .text, tenant: tenant, tip: "t") == "opened from the file")
        for mode in [0o640, 0o604, 0o620] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
            #expect(throws: TipKeyError("\(file) can be read or written by its group or others (mode \(String(mode, radix: 8))): a key file must be private to its owner (chmod 600 \(file))")) {
                try directory.load(keyID: key.keyID)
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: file)
        #expect(try directory.load(keyID: key.keyID).keyID == key.keyID)
    }

    @Test func aKeyFileMustHoldTheKeyItsNameSaysAndIdsCannotLeaveTheDirectory() throws {
        let directory = TipKeyDirectory(path: NSTemporaryDirectory() + "attest-tip-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let (key, other) = (TipPrivateKey.generate(), TipPrivateKey.generate())
        let file = try directory.create(key)
        try FileManager.default.moveItem(atPath: file, toPath: directory.file(for: other.keyID))
        #expect(throws: TipKeyError("\(directory.file(for: other.keyID)) holds key \(key.keyID), not \(other.keyID)")) {
            try directory.load(keyID: other.keyID)
        }
        #expect(throws: TipKeyError("\"../../etc/x\" is not a tip key id")) { try directory.load(keyID: "../../etc/x") }
        #expect(!directory.holds(keyID: "../secret"))
        #expect(throws: TipKeyError.self) { try TipKeyRing(directory: nil).key(key.keyID) }
    }

    @Test func theLegacySharedKeyStillOpensWhatItSealed() throws {
        let legacy = try LegacyTipKey(base64: LegacyTipKey.generateKey())
        let sealed = try legacy.seal("sealed in 2025", field: .text, tenant: tenant, tip: "old-1")
        #expect(sealed.count == 12 + 14 + 16)  // nonce ‖ ciphertext ‖ tag
        let ring = TipKeyRing(directory: nil, legacy: legacy)
        #expect(try ring.open(sealed, keyID: legacy.keyID, field: .text, tenant: tenant, tip: "old-1") == "sealed in 2025")
        #expect(throws: TipKeyError.self) { try ring.open(sealed, keyID: legacy.keyID, field: .text, tenant: UUID(), tip: "old-1") }
        #expect(throws: TipKeyError("the key is not base64 (32 random bytes)")) { try LegacyTipKey(base64: "not base64!") }
        #expect(throws: TipKeyError("the key must be 32 bytes (base64 of 32 random bytes), not 16")) {
            try LegacyTipKey(base64: Data(repeating: 7, count: 16).base64EncodedString())
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
