import Compliance
import Foundation
import PostgresNIO

/// `attest import KIND FILE`: reads an HR system's CSV export and stores it, all or
/// nothing. Every problem of every row is listed as `file:line: column: what`, and
/// then nothing is written. Natural keys make a re-import of the same file a no-op.
public struct RecordImporter: Sendable {
    /// What can be imported.
    public enum Kind: String, Sendable, CaseIterable {
        case people, trainings, hires, nomatch
    }

    /// What an import did.
    public struct Report: Sendable, Equatable, Codable {
        public var rows: Int
        public var changed: Int
        public var obligationsInserted: Int
        public var obligationsMoved: Int
        public var obligationsCancelled: Int
        public var obligationsCompleted: Int

        init(rows: Int, changed: Int, obligations: ReconcileReport) {
            self.rows = rows
            self.changed = changed
            obligationsInserted = obligations.inserted
            obligationsMoved = obligations.moved
            obligationsCancelled = obligations.cancelled
            obligationsCompleted = obligations.completed
        }

        enum CodingKeys: String, CodingKey {
            case rows, changed
            case obligationsInserted = "obligations_inserted"
            case obligationsMoved = "obligations_moved"
            case obligationsCancelled = "obligations_cancelled"
            case obligationsCompleted = "obligations_completed"
        }
    }

    public init() {}

    /// Parses and checks `table`, then stores it in the caller's tenant transaction.
    public func run(_ kind: Kind, table: CSVTable, context: TenantContext, connection: PostgresConnection, logger: Logger) async throws -> Report {
        var table = table
        switch kind {
        case .people:
            let rows = try Self.decodePeople(&table)
            let changed = try await PeopleRepository().save(rows.map(\.record), context: context, connection: connection, logger: logger)
            return Report(rows: rows.count, changed: changed.count, obligations: ReconcileReport())
        case .trainings:
            // Row problems and people the file names that are not stored are reported together.
            let (rows, rowProblems) = Self.decodeTrainings(&table)
            let unknown = try await unknownPeople(rows.map { ($0.line, "person_id", $0.record.personID) }, file: table.fileName,
                                                  context: context, connection: connection, logger: logger)
            guard rowProblems.isEmpty, unknown.isEmpty else { throw ImportError(rowProblems + unknown) }
            let report = try await PeopleRepository().saveTrainings(rows.map(\.record), context: context, connection: connection, logger: logger)
            return Report(rows: rows.count, changed: report.inserted, obligations: report)
        case .hires:
            // Row problems, unknown people, and the preparers' and reviewers' trainings
            // (which need the database) are reported together: one run shows every problem of the file.
            let (rows, rowProblems) = Self.decodeHires(&table)
            let databaseProblems = try await checkPeople(rows, file: table.fileName, context: context, connection: connection, logger: logger)
            guard rowProblems.isEmpty, databaseProblems.isEmpty else { throw ImportError(rowProblems + databaseProblems) }
            let report = try await HireRepository().save(rows.map(\.record), context: context, connection: connection, logger: logger)
            return Report(rows: rows.count, changed: report.changedHires.count, obligations: report.obligations)
        case .nomatch:
            let (rows, rowProblems) = Self.decodeLetters(&table)
            let named = rows.compactMap { row in row.record.hireID.map { (row.line, $0) } }
            let stored = try await HireRepository().existing(named.map(\.1), context: context, connection: connection, logger: logger)
            let unknown = named.filter { !stored.contains($0.1) }.map {
                ImportProblem(file: table.fileName, line: $0.0, column: "employee_id",
                              message: "no hire with employee id \"\($0.1)\" in tenant \(context.tenant.slug) (import the hires first)")
            }
            guard rowProblems.isEmpty, unknown.isEmpty else { throw ImportError(rowProblems + unknown) }
            let report = try await NoMatchRepository().save(rows.map(\.record), context: context, connection: connection, logger: logger)
            return Report(rows: rows.count, changed: report.inserted + report.moved + report.completed, obligations: report)
        }
    }

    /// A decoded record and the line it came from.
    struct Line<Record: Sendable>: Sendable {
        let line: Int
        let record: Record
    }

    // MARK: - Per kind

    static func decodePeople(_ table: inout CSVTable) throws(ImportError) -> [Line<PersonRecord>] {
        let header = table.header
        table.requireHeaders(["person_id", "name"], optional: ["email", "roles"])
        var seen = FirstLines(column: "person_id")
        return try table.decodeRows { row -> Line<PersonRecord>? in
            SocialSecurityNumberGuard.check(&row, columns: header)
            let id = row.required("person_id"), name = row.required("name")
            let email = row.email("email", required: false)
            let roles = roleList(&row)
            guard let id, let name else { return nil }
            if !RecordRules.isIdentifier(id) { row.report("'\(id)' is not an id (letters, digits, . _ -; at most 64)", column: "person_id") }
            seen.check(id, in: &row)
            return Line(line: row.line, record: PersonRecord(externalID: id, name: name, email: email, roles: roles))
        }
    }

    static func decodeTrainings(_ table: inout CSVTable) -> (records: [Line<TrainingRecord>], problems: [ImportProblem]) {
        let header = table.header
        table.requireHeaders(["person_id", "completed_on"], optional: ["curriculum"])
        return table.decodeRowsKeepingProblems { row -> Line<TrainingRecord>? in
            SocialSecurityNumberGuard.check(&row, columns: header)
            let person = row.required("person_id"), done = row.date("completed_on")
            let curriculum = row.optional("curriculum")
            guard let person, let done else { return nil }
            return Line(line: row.line, record: TrainingRecord(personID: person, completedOn: done, curriculum: curriculum))
        }
    }

    static let hireColumns = ["job_days", "termination_date", "termination_reason", "citizenship", "work_authorization_expires", "offer_accepted_on"]
        + HireDocumentFields.names + ["everify_required", "no_everify_reason", "remote_examination", "site", "rehired_on", "preparer", "section1_completed_on", "section2_completed_on", "section2_preparer",
        "reviewer", "reviewed_on", "receipt_document_received_on", "everify_case_number", "everify_created_on",
        "everify_tnc_on", "everify_referred_on", "everify_closed_on", "everify_closure_reason", "everify_late_reason",
    ]

    static func decodeHires(_ table: inout CSVTable) -> (records: [Line<HireRecord>], problems: [ImportProblem]) {
        let header = table.header
        table.requireHeaders(["employee_id", "start_date"], optional: hireColumns)
        var seen = FirstLines(column: "employee_id")
        return table.decodeRowsKeepingProblems { row -> Line<HireRecord>? in
            SocialSecurityNumberGuard.check(&row, columns: header)
            let id = row.required("employee_id"), start = row.date("start_date")
            let facts = HireFacts(&row)
            guard let id, let start else { return nil }
            var hire = HireRecord(externalID: id, startDate: start)
            facts.apply(to: &hire, row: &row)
            for violation in RecordRules.violations(of: hire) + RecordRules.factViolations(of: hire) {
                row.report(violation.message, column: violation.field)
            }
            seen.check(id, in: &row)
            return Line(line: row.line, record: hire)
        }
    }

    static func decodeLetters(_ table: inout CSVTable) -> (records: [Line<NoMatchLetterRecord>], problems: [ImportProblem]) {
        let header = table.header
        table.requireHeaders(["letter_id", "received_on"],
                             optional: ["employee_id", "source", "steps", "acknowledged_on", "resolved_on", "resolution", "evidence_ref"])
        var seen = FirstLines(column: "letter_id")
        return table.decodeRowsKeepingProblems { row -> Line<NoMatchLetterRecord>? in
            SocialSecurityNumberGuard.check(&row, columns: header)
            let id = row.required("letter_id"), received = row.date("received_on")
            let acknowledged = row.date("acknowledged_on", required: false), resolved = row.date("resolved_on", required: false)
            guard let id, let received else { return nil }
            var letter = NoMatchLetterRecord(letterID: id, receivedOn: received)
            letter.hireID = row.optional("employee_id")
            letter.source = row.optional("source") ?? "ssa"
            letter.steps = row.optional("steps") ?? ""
            letter.acknowledgedOn = acknowledged
            letter.resolvedOn = resolved
            letter.resolution = row.optional("resolution")
            letter.evidenceReference = row.optional("evidence_ref")
            for violation in NoMatchRepository.violations(of: letter) {
                row.report(violation.message, column: violation.field)
            }
            seen.check(id, in: &row)
            return Line(line: row.line, record: letter)
        }
    }

    // MARK: - Shared checks

    private static func roleList(_ row: inout CSVRow) -> [PersonRecord.Role] {
        guard let text = row.optional("roles") else { return [] }
        var roles: [PersonRecord.Role] = []
        for name in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            if let role = PersonRecord.Role(rawValue: name) {
                roles.append(role)
            } else {
                row.report("'\(name)' is not one of: \(PersonRecord.Role.allCases.map(\.rawValue).joined(separator: ", "))", column: "roles")
            }
        }
        return roles
    }

    /// Preparers and reviewers must be people of the tenant and hold a current training
    /// on the day they acted, and remote examination needs the tenant's good standing in
    /// E-Verify: the rows where they are not, or did not.
    private func checkPeople(_ rows: [Line<HireRecord>], file: String, context: TenantContext, connection: PostgresConnection,
                             logger: Logger) async throws -> [ImportProblem] {
        let named = rows.flatMap { row in
            [("section2_preparer", row.record.i9.preparerID), ("reviewer", row.record.i9.reviewerID)].compactMap { column, id in
                id.map { (row.line, column, $0) }
            }
        }
        let assigned = rows.compactMap { row in row.record.preparerID.map { (row.line, "preparer", $0) } }
        let unknown = try await unknownPeople(named + assigned, file: file, context: context, connection: connection, logger: logger)
        let settings = rows.flatMap { row in
            RecordRules.settingViolations(of: row.record, settings: context.rules.settings).map {
                ImportProblem(file: file, line: row.line, column: $0.field, message: $0.message)
            }
        }
        let unknownLines = Set(unknown.map(\.line))
        let trainings = try await PeopleRepository().trainings(of: Array(Set(named.map(\.2))), context: context, connection: connection, logger: logger)
        let untrained = rows.filter { !unknownLines.contains($0.line) }.flatMap { row in
            RecordRules.trainingViolations(of: row.record, trainings: trainings, rules: context.rules).map {
                ImportProblem(file: file, line: row.line, column: $0.field, message: $0.message)
            }
        }
        return unknown + untrained + settings
    }

    /// The (line, column, person id) references to people the tenant does not have.
    private func unknownPeople(_ named: [(Int, String, String)], file: String, context: TenantContext, connection: PostgresConnection,
                               logger: Logger) async throws -> [ImportProblem] {
        let stored = try await PeopleRepository().existing(named.map(\.2), context: context, connection: connection, logger: logger)
        return named.filter { !stored.contains($0.2) }.map { line, column, id in
            ImportProblem(file: file, line: line, column: column,
                          message: "no person with id \"\(id)\" in tenant \(context.tenant.slug) (import the people first)")
        }
    }
}

/// Attest never stores a Social Security number: a cell that looks like one (nine
/// digits, with or without dashes) is refused without repeating it.
enum SocialSecurityNumberGuard {
    static func check(_ row: inout CSVRow, columns: [String]) {
        for column in columns {
            guard let value = row.optional(column), looksLikeSSN(value) else { continue }
            row.report("looks like a Social Security number; Attest never stores one (remove the column or the value)", column: column)
        }
    }

    static func looksLikeSSN(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        let digits = bytes.filter { (0x30...0x39).contains($0) }
        guard digits.count == 9 else { return false }
        if bytes.count == 9 { return true }
        return bytes.count == 11 && bytes[3] == 0x2D && bytes[6] == 0x2D && digits.count == 9
    }
}

/// The same natural key twice in one file is a problem on the later line.
private struct FirstLines {
    let column: String
    var lines: [String: Int] = [:]

    mutating func check(_ key: String, in row: inout CSVRow) {
        if let first = lines[key] {
            row.report("'\(key)' already appears on line \(first)", column: column)
        } else {
            lines[key] = row.line
        }
    }
}

/// The optional columns of a hires file, read in one pass so every problem is seen.
private struct HireFacts {
    var jobDays: Int?, terminated: CivilDate?, terminationReason: String?, citizenship: CitizenshipStatus?, authExpires: CivilDate?
    var documents = HireDocumentFields(), eVerify: Bool?, noCaseReason: NoCaseReason?, offerAccepted: CivilDate?
    var remote: Bool?, site: String?, rehired: CivilDate?, assignedPreparer: String?
    var section1: CivilDate?, section2: CivilDate?, preparer: String?, reviewer: String?, reviewed: CivilDate?, received: CivilDate?
    var caseNumber: String?, caseCreated: CivilDate?, tnc: CivilDate?, referred: CivilDate?, closed: CivilDate?
    var closureReason: String?, lateReason: EVerifyCaseRecord.LateReason?

    init(_ row: inout CSVRow) {
        jobDays = row.integer("job_days", range: 1...10_000, required: false)
        terminated = row.date("termination_date", required: false)
        terminationReason = row.optional("termination_reason")
        citizenship = row.choice("citizenship", as: CitizenshipStatus.self, required: false)
        authExpires = row.date("work_authorization_expires", required: false)
        documents = Self.documentFields(&row)
        eVerify = row.boolean("everify_required", required: false)
        noCaseReason = row.choice("no_everify_reason", as: NoCaseReason.self, required: false)
        offerAccepted = row.date("offer_accepted_on", required: false)
        remote = row.boolean("remote_examination", required: false)
        site = row.optional("site")
        rehired = row.date("rehired_on", required: false)
        assignedPreparer = row.optional("preparer")
        section1 = row.date("section1_completed_on", required: false)
        section2 = row.date("section2_completed_on", required: false)
        preparer = row.optional("section2_preparer")
        reviewer = row.optional("reviewer")
        reviewed = row.date("reviewed_on", required: false)
        received = row.date("receipt_document_received_on", required: false)
        caseNumber = row.optional("everify_case_number")
        caseCreated = row.date("everify_created_on", required: false)
        tnc = row.date("everify_tnc_on", required: false)
        referred = row.date("everify_referred_on", required: false)
        closed = row.date("everify_closed_on", required: false)
        closureReason = row.optional("everify_closure_reason")
        lateReason = row.choice("everify_late_reason", as: EVerifyCaseRecord.LateReason.self, required: false)
    }

    static func documentFields(_ row: inout CSVRow) -> HireDocumentFields {
        var fields = HireDocumentFields()
        fields.listAKind = row.choice("list_a_document", as: DocumentKind.self, required: false)
        fields.listAExpires = row.date("list_a_expires", required: false)
        fields.eadRenewalFiledOn = row.date("ead_renewal_filed_on", required: false)
        fields.listAExtendedUntil = row.date("list_a_extended_until", required: false)
        fields.listBKind = row.choice("list_b_document", as: DocumentKind.self, required: false)
        fields.listBExpires = row.date("list_b_expires", required: false)
        fields.listCKind = row.choice("list_c_document", as: DocumentKind.self, required: false)
        fields.listCExpires = row.date("list_c_expires", required: false)
        fields.listCExtendedUntil = row.date("list_c_extended_until", required: false)
        fields.receipt = row.choice("receipt", as: ReceiptKind.self, required: false)
        fields.receiptValidUntil = row.date("receipt_valid_until", required: false)
        fields.legacyList = row.choice("document_list", as: DocumentList.self, required: false)
        fields.legacyExpires = row.date("document_expires", required: false)
        fields.legacyReceiptShown = row.boolean("receipt_shown", required: false)
        return fields
    }

    func apply(to hire: inout HireRecord, row: inout CSVRow) {
        hire.jobBusinessDays = jobDays
        hire.terminationDate = terminated
        hire.terminationReason = terminationReason
        hire.citizenship = citizenship
        hire.workAuthorizationExpires = authExpires
        switch documents.resolve() {
        case .success(let (documents, receipt)):
            hire.documents = documents
            hire.receipt = receipt
        case .failure(let error):
            for problem in error.problems { row.report(problem.message, column: problem.field) }
        }
        hire.eVerifyRequired = eVerify ?? (noCaseReason == nil)
        hire.noCaseReason = noCaseReason
        hire.offerAcceptedOn = offerAccepted
        hire.remoteExamination = remote ?? false
        hire.site = site
        hire.rehiredOn = rehired
        hire.preparerID = assignedPreparer
        hire.i9.section1CompletedOn = section1
        hire.i9.section2CompletedOn = section2
        hire.i9.preparerID = preparer
        hire.i9.reviewerID = reviewer
        hire.i9.reviewedOn = reviewed
        hire.i9.receiptDocumentReceivedOn = received
        if let caseNumber {
            guard let caseCreated else {
                return row.report("is required with everify_case_number", column: "everify_created_on")
            }
            var eVerifyCase = EVerifyCaseRecord(caseNumber: caseNumber, createdOn: caseCreated)
            eVerifyCase.tncIssuedOn = tnc
            eVerifyCase.referredOn = referred
            eVerifyCase.closedOn = closed
            eVerifyCase.closureReason = closureReason
            eVerifyCase.lateReason = lateReason
            eVerifyCase.status = closed != nil ? .closed : referred != nil ? .referred : tnc != nil ? .tnc : .open
            hire.eVerifyCase = eVerifyCase
        } else if caseCreated != nil || tnc != nil || referred != nil || closed != nil {
            row.report("E-Verify dates need everify_case_number", column: "everify_case_number")
        }
    }
}
