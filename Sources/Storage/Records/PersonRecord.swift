import Compliance

/// Someone at the tenant whom the records name: staff who run the I-9 process,
/// auditors, contacts.
public struct PersonRecord: Sendable, Equatable {
    /// What a person does in the IMAGE processes.
    public enum Role: String, Sendable, CaseIterable {
        case i9Preparer = "i9_preparer"
        case i9Reviewer = "i9_reviewer"
        /// Holds an E-Verify user account: creates and closes cases.
        case eVerifyUser = "everify_user"
        case auditor, contact, hr
        case operatorRole = "operator"
        /// Receives and answers employees' tips.
        case tipHandler = "tip_handler"
    }

    public var externalID: String
    public var name: String
    public var email: String?
    public var roles: [Role]

    public init(externalID: String, name: String, email: String? = nil, roles: [Role] = []) {
        self.externalID = externalID
        self.name = name
        self.email = email
        self.roles = roles
    }
}

/// One completed session of the hiring-process training program.
public struct TrainingRecord: Sendable, Equatable {
    public var personID: String
    public var completedOn: CivilDate
    /// The curriculum version taken, if recorded.
    public var curriculum: String?

    public init(personID: String, completedOn: CivilDate, curriculum: String? = nil) {
        self.personID = personID
        self.completedOn = completedOn
        self.curriculum = curriculum
    }
}
