import Foundation

/// What `attest events verify` found in a tenant's hash-chained event trail (migration 020).
public struct EventChainReport: Sendable, Equatable, Codable {
    /// How many events the tenant has.
    public var events: Int
    /// The last event of the chain, to keep outside the database as an anchor.
    public var head: EventChainAnchor?
    /// The first link that does not hold, if any.
    public var firstBreak: EventChainBreak?
    /// Whether the anchor given to check matched (nil when none was given).
    public var anchorMatches: Bool?
    /// Ids of events without a link (at most 20): written around the chain's trigger.
    public var unlinkedEvents: [Int] = []

    /// Whether every link holds, every event is linked and the anchor, if any, matched.
    public var isIntact: Bool { firstBreak == nil && unlinkedEvents.isEmpty && anchorMatches != false }

    enum CodingKeys: String, CodingKey {
        case events, head
        case firstBreak = "first_break"
        case anchorMatches = "anchor_matches"
        case unlinkedEvents = "unlinked_events"
    }
}

/// The first event at which a tenant's chain does not hold.
public struct EventChainBreak: Sendable, Equatable, Codable {
    /// How a link can fail.
    public enum Problem: String, Sendable, Codable {
        /// The event's fields no longer give its stored hash: it was changed after it was written.
        case altered
        /// The event's previous hash is not its predecessor's hash.
        case relinked
        /// Links before it are missing from the chain.
        case missing
        /// Its event was deleted.
        case removed
    }

    /// The event's place in its tenant's chain (1 for the first).
    public var chainSeq: Int
    /// The event's id.
    public var eventID: Int
    public var problem: Problem
    /// The place of the event before it in the chain as stored (for `missing`).
    public var previousSeq: Int?

    /// What an operator reads.
    public var sentence: String {
        switch problem {
        case .altered:
            return "event \(chainSeq) (id \(eventID)) was changed after it was written: its hash does not match its contents"
        case .relinked:
            return "event \(chainSeq) (id \(eventID)) does not follow event \(chainSeq - 1): its previous hash is not that event's hash"
        case .missing:
            return "events \((previousSeq ?? 0) + 1) to \(chainSeq - 1) are missing before event \(chainSeq) (id \(eventID))"
        case .removed:
            return "event \(chainSeq) (id \(eventID)) was deleted"
        }
    }

    enum CodingKeys: String, CodingKey {
        case problem
        case chainSeq = "chain_seq"
        case eventID = "event_id"
        case previousSeq = "previous_seq"
    }
}

/// An event's place in the chain with its hash: `SEQ:HEX`, as `verify` prints the head.
public struct EventChainAnchor: Sendable, Equatable, Codable, CustomStringConvertible {
    public var chainSeq: Int
    /// The SHA-256, lower-case hex.
    public var hash: String

    public init(chainSeq: Int, hash: String) {
        self.chainSeq = chainSeq
        self.hash = hash
    }

    /// Parses `SEQ:HEX` (64 hex digits).
    /// - Throws: `StorageError(.invalidInput)` naming `anchor` when the text is not one.
    public init(parsing text: String) throws(StorageError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let hex = parts.count == 2 ? parts[1].lowercased() : ""
        guard parts.count == 2, let seq = Int(parts[0]), seq > 0, hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
            throw StorageError(.invalidInput, "anchor: \"\(text)\" is not SEQ:HASH (an event number and 64 hex digits, as `attest events verify` prints the head)")
        }
        self.init(chainSeq: seq, hash: hex)
    }

    public var description: String { "\(chainSeq):\(hash)" }

    enum CodingKeys: String, CodingKey {
        case hash
        case chainSeq = "chain_seq"
    }
}
