/// An E-Verify case and the dates of its steps.
public struct EVerifyCase: Hashable, Sendable {
    /// Record identifier (or the E-Verify case number).
    public var id: String
    /// The day the case was created.
    public var createdOn: CivilDate
    /// The day a Tentative Nonconfirmation was issued, if one was.
    public var tncIssuedOn: CivilDate?
    /// The day the TNC was referred to SSA or DHS, if it was.
    public var referredOn: CivilDate?
    /// The day a final result arrived (employment authorized, final nonconfirmation …).
    public var finalResultOn: CivilDate?

    public init(id: String, createdOn: CivilDate, tncIssuedOn: CivilDate? = nil, referredOn: CivilDate? = nil, finalResultOn: CivilDate? = nil) {
        self.id = id
        self.createdOn = createdOn
        self.tncIssuedOn = tncIssuedOn
        self.referredOn = referredOn
        self.finalResultOn = finalResultOn
    }
}
