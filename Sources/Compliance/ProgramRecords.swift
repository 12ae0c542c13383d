/// A person's completion of the I-9 training program.
public struct TrainingCompletion: Hashable, Sendable {
    public var personID: String
    public var completedOn: CivilDate

    public init(personID: String, completedOn: CivilDate) {
        self.personID = personID
        self.completedOn = completedOn
    }
}

/// A version of the training program's curriculum.
public struct CurriculumVersion: Hashable, Sendable {
    public var id: String
    public var publishedOn: CivilDate

    public init(id: String, publishedOn: CivilDate) {
        self.id = id
        self.publishedOn = publishedOn
    }
}

/// A policy (anti-discrimination, hiring) and when it was last reviewed or adopted.
public struct PolicyRecord: Hashable, Sendable {
    public var id: String
    public var lastReviewedOn: CivilDate

    public init(id: String, lastReviewedOn: CivilDate) {
        self.id = id
        self.lastReviewedOn = lastReviewedOn
    }
}

/// A company in the hiring network that must receive the IMAGE guidelines.
public struct NetworkCompany: Hashable, Sendable {
    public var id: String
    public var joinedOn: CivilDate
    /// The last time the guidelines were sent, if ever.
    public var lastCommunicatedOn: CivilDate?

    public init(id: String, joinedOn: CivilDate, lastCommunicatedOn: CivilDate? = nil) {
        self.id = id
        self.joinedOn = joinedOn
        self.lastCommunicatedOn = lastCommunicatedOn
    }
}
