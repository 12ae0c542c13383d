import ArgumentParser
import Daemon
import Foundation
import Storage

extension TipCommand {
    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Each tenant's tip key: the public half seals tips, the private half (a file in ATTEST_TIP_KEY_DIR) opens them.",
            subcommands: [Rotate.self, List.self])

        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make the tenant a new tip key pair and re-seal every one of its tips with it, in one transaction.",
                discussion: """
                    The private key is written to ATTEST_TIP_KEY_DIR as <key id>.key (created new, mode 0600); the database \
                    keeps only the public key. Tips sealed with the tenant's previous key, or with the key of ATTEST_TIP_KEY_FILE \
                    (before per-tenant keys), are opened with those files and sealed again; if one does not open, nothing \
                    changes. The previous key's file is kept: remove it once no backup holds tips sealed with it.
                    """)
            @OptionGroup var options: TenantOptions

            func run() async throws {
                let context = try await CommandContext.load()
                let (directory, ring) = try await CommandContext.reporting {
                    (try context.configuration.requireTipKeyDirectory(), try context.configuration.tipKeyRing())
                }
                let key = TipPrivateKey.generate()
                let file = try await CommandContext.reporting { try directory.create(key) }
                let rotation: TipKeyRotation
                do {
                    rotation = try await context.withDatabase { database in
                        try await TenantWork(database: database).run(slug: options.tenant, actor: RecordCommandRunner.actor) { tenant, connection in
                            try await TipKeyRepository().rotate(to: key.publicKey, opening: ring ?? TipKeyRing(directory: directory),
                                                                context: tenant, connection: connection, logger: database.logger)
                        }
                    }
                } catch {
                    directory.discard(keyID: key.keyID)
                    throw error
                }
                if options.json { return try JSONOutput.print(RotationJSON(rotation, file: file)) }
                print("tenant \(options.tenant): tip key \(rotation.keyID) is active (private key in \(file)); \(rotation.resealedTips) tips re-sealed")
                for old in Set(rotation.retiredKeyIDs + rotation.openedWith).subtracting([rotation.keyID]).sorted() {
                    print("key \(old) opens none of this tenant's tips any more: remove its file once no backup needs it")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the tenant's tip keys: which is active, how many tips each seals, and whether this machine holds its private key.")
            @OptionGroup var options: TenantOptions

            func run() async throws {
                let context = try await CommandContext.load()
                let keys = try await context.withDatabase { database in
                    try await TenantWork(database: database).run(slug: options.tenant, actor: RecordCommandRunner.actor) { tenant, connection in
                        try await TipKeyRepository().list(context: tenant, connection: connection, logger: database.logger)
                    }
                }
                let ring = try await CommandContext.reporting { try context.configuration.tipKeyRing() }
                let held = { (id: String) in (try? ring?.key(id)) != nil }
                if options.json { return try JSONOutput.print(keys.map { KeyJSON($0, held: held($0.keyID)) }) }
                print("KEY               STATE    CREATED     TIPS  PRIVATE KEY HERE")
                for key in keys {
                    let created = key.createdAt.map { String($0.ISO8601Format().prefix(10)) } ?? "-"
                    print([key.keyID, key.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0),
                           created.padding(toLength: 11, withPad: " ", startingAt: 0), String(key.tips).padding(toLength: 5, withPad: " ", startingAt: 0),
                           held(key.keyID) ? "yes" : "no"].joined(separator: " "))
                }
            }
        }
    }
}

/// `attest tip key rotate --json`.
private struct RotationJSON: Encodable {
    let keyID: String, file: String, retired: [String], openedWith: [String], resealedTips: Int

    init(_ rotation: TipKeyRotation, file: String) {
        keyID = rotation.keyID
        self.file = file
        retired = rotation.retiredKeyIDs
        openedWith = rotation.openedWith
        resealedTips = rotation.resealedTips
    }

    enum CodingKeys: String, CodingKey {
        case file, retired
        case keyID = "key_id", openedWith = "opened_with", resealedTips = "resealed_tips"
    }
}

/// A key in `attest tip key list --json`.
private struct KeyJSON: Encodable {
    let keyID: String, state: String, createdAt: Date?, retiredAt: Date?, tips: Int, privateKeyHere: Bool

    init(_ key: TipKeyListing, held: Bool) {
        keyID = key.keyID
        state = key.state.rawValue
        createdAt = key.createdAt
        retiredAt = key.retiredAt
        tips = key.tips
        privateKeyHere = held
    }

    enum CodingKeys: String, CodingKey {
        case state, tips
        case keyID = "key_id", createdAt = "created_at", retiredAt = "retired_at", privateKeyHere = "private_key_here"
    }
}
