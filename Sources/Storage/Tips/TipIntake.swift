import Compliance
import Foundation

/// A tip as the reporter wrote it on the form. The plaintext lives only in memory:
/// ``EventRecordsRepository/receiveTip(_:receivedAt:context:connection:logger:)`` seals it
/// before anything is written.
public struct TipSubmission: Sendable {
    /// The tip itself.
    public var text: String
    /// How to reach the reporter, if they chose to leave it.
    public var contact: String?
    /// `en` or `es`.
    public var language: String

    public init(text: String, contact: String?, language: String) {
        self.text = text
        self.contact = contact
        self.language = language
    }
}

/// What a submission gives back: the new tip's id, the code to show the reporter
/// (once: only its hash is kept), and the obligations it created.
public struct TipReceipt: Sendable {
    public let tipID: String
    public let code: TipReceiptCode
    public let report: ReconcileReport
}

/// What a reporter may read with the receipt code, and nothing more.
public struct TipStatusView: Sendable, Equatable {
    public let status: TipRecord.Status
    public let receivedOn: CivilDate
    public let publicAnswer: String
}

/// A tip in `attest tip list`: its record and whether text and contact are stored.
public struct TipListing: Sendable {
    public let tip: TipRecord
    public let hasText: Bool
    public let hasContact: Bool
}

/// A tip's opened text and contact (for `attest tip show`).
public struct TipContent: Sendable {
    public let tip: TipRecord
    public let text: String?
    public let contact: String?
    /// The key the values were sealed with (nil when nothing is sealed).
    public let keyID: String?
}
