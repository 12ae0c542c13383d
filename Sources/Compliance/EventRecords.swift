/// An SSA (or other agency) no-match letter.
public struct NoMatchLetter: Hashable, Sendable {
    public var id: String
    public var receivedOn: CivilDate

    public init(id: String, receivedOn: CivilDate) {
        self.id = id
        self.receivedOn = receivedOn
    }
}

/// A tip about the employment of unauthorized persons.
public struct Tip: Hashable, Sendable {
    public var id: String
    public var receivedOn: CivilDate

    public init(id: String, receivedOn: CivilDate) {
        self.id = id
        self.receivedOn = receivedOn
    }
}

/// A violation or deficiency found and self-reported.
public struct SelfReport: Hashable, Sendable {
    public var id: String
    public var discoveredOn: CivilDate
    /// A follow-up (correct-by) date set by the person handling it; replaces the default.
    public var followUpOn: CivilDate?

    public init(id: String, discoveredOn: CivilDate, followUpOn: CivilDate? = nil) {
        self.id = id
        self.discoveredOn = discoveredOn
        self.followUpOn = followUpOn
    }
}
