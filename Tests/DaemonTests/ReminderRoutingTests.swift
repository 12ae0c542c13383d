import Compliance
import Foundation
import PostgresNIO
import Storage
import TestSupport
import Testing
@testable import Daemon

/// Reminders reach the people who must act (issue 16): named preparers, reviewers and
/// E-Verify users receive their own digests, at the real SMTP test server (aiosmtpd);
/// overdue stages add the compliance contact,
/// later the agency's operator, as the escalation ladder says; a completed obligation
/// stops them all; a reassigned hire's pending reminders follow the new preparer.
@Suite struct ReminderRoutingTests {
    typealias Fixture = DeliveryTests.Fixture

    /// People of `acme`: two preparers, a reviewer and an E-Verify user, all with
    /// addresses, and P-1 trained (to record a Section 2).
    static func addPeople(_ fixture: Fixture) async throws {
        _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
            _ = try await PeopleRepository().save([
                PersonRecord(externalID: "P-1", name: "Pat Preparer", email: "pat@acme.example", roles: [.i9Preparer]),
                PersonRecord(externalID: "P-2", name: "Quinn Preparer", email: "quinn@acme.example", roles: [.i9Preparer]),
                PersonRecord(externalID: "R-1", name: "Rita Reviewer", email: "rita@acme.example", roles: [.i9Reviewer]),
                PersonRecord(externalID: "V-1", name: "Eve Verify", email: "eve@acme.example", roles: [.eVerifyUser]),
            ], context: context, connection: connection, logger: TestDatabase.logger)
            return try await PeopleRepository().saveTrainings([TrainingRecord(personID: "P-1", completedOn: DeliveryTests.day(-60))],
                                                              context: context, connection: connection, logger: TestDatabase.logger)
        }
    }

    static func save(_ hire: HireRecord, _ fixture: Fixture) async throws {
        _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
            try await HireRepository().save([hire], context: context, connection: connection, logger: TestDatabase.logger)
        }
    }

    static func hire(_ id: String, start: CivilDate, preparer: String? = nil) -> HireRecord {
        var hire = HireRecord(externalID: id, startDate: start)
        hire.preparerID = preparer
        return hire
    }

    /// `recipient role state` of the reminders of one hire's obligation of `kind`.
    static func reminders(_ fixture: Fixture, hire: String, kind: ObligationKind, stage: String? = nil) async throws -> Set<String> {
        try await fixture.operatorDB.client.query("""
            SELECT r.recipient || ' ' || r.recipient_role || ' ' || r.state FROM attest.reminder_states AS r
            JOIN attest.obligations AS o ON o.tenant_id = r.tenant_id AND o.id = r.obligation_id
            WHERE o.subject_kind = 'hire' AND o.subject_id = \(hire) AND o.kind = \(kind.rawValue)
              AND (\(stage)::text IS NULL OR r.stage = \(stage))
            """).decode(String.self).reduce(into: Set<String>()) { $0.insert($1) }
    }

    /// The messages the relay received for `address`.
    static func mail(to address: String, _ relay: TestSMTPRelay) throws -> [String] {
        try relay.messages().filter { $0.contains("To: \(address)") }
    }

    @Test func eachPersonGetsTheirOwnDigestAndTheLadderAddsContactsThenOperators() async throws {
        try await DeliveryTests.withFixture { fixture in
            let relay = try await TestSMTPRelay()
            let smtp = "smtp://127.0.0.1:\(relay.port)?tls=none"
            try await Self.addPeople(fixture)
            let start = DeliveryTests.day(-1)
            try await Self.save(Self.hire("E-OLD", start: start, preparer: "P-1"), fixture)
            try await Self.save(Self.hire("E-NEW", start: start), fixture)
            let due = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, _ in
                try context.rules.section2DueDate(HireRecord(externalID: "E-OLD", startDate: start).complianceHire)
            }

            // At creation: each person responsible gets one digest of their own work; the
            // contact and the operator hear nothing yet.
            try await DeliveryTests.runCycles(fixture, at: Date().addingTimeInterval(1), cycles: 2, smtpURL: smtp)
            #expect(try await Self.reminders(fixture, hire: "E-OLD", kind: .i9Section2, stage: "created") == ["pat@acme.example assignee sent"])
            #expect(try await Self.reminders(fixture, hire: "E-NEW", kind: .i9Section2, stage: "created")
                    == ["pat@acme.example assignee sent", "quinn@acme.example assignee sent"])
            #expect(try await Self.reminders(fixture, hire: "E-NEW", kind: .eVerifyCaseCreation, stage: "created")
                    == ["eve@acme.example assignee sent"])
            let first = try relay.messages()
            let addressees = first.compactMap { $0.components(separatedBy: .newlines).first { $0.hasPrefix("To: ") } }
            #expect(addressees.sorted() == ["To: eve@acme.example", "To: pat@acme.example", "To: quinn@acme.example", "To: rita@acme.example"],
                    "one digest each, nobody else")
            let quinn = try #require(first.first { $0.contains("To: quinn@acme.example") })
            #expect(quinn.contains("E-NEW") && !quinn.contains("E-OLD"), "Quinn hears only of the hire she may prepare")
            #expect(quinn.contains("Why you: prepares Forms I-9 (role i9_preparer)"))

            // On the due day, the assigned preparer alone; the first overdue stage adds the
            // compliance contact; the third, the agency's operator.
            try await DeliveryTests.runCycles(fixture, at: DeliveryTests.sendInstant(due), smtpURL: smtp)
            #expect(try await Self.reminders(fixture, hire: "E-OLD", kind: .i9Section2, stage: "due") == ["pat@acme.example assignee sent"])
            try await DeliveryTests.runCycles(fixture, at: DeliveryTests.sendInstant(due.adding(days: 1)), smtpURL: smtp)
            #expect(try await Self.reminders(fixture, hire: "E-OLD", kind: .i9Section2, stage: "overdue_1")
                    == ["pat@acme.example assignee sent", "jane@acme.example contact sent"])
            try await DeliveryTests.runCycles(fixture, at: DeliveryTests.sendInstant(due.adding(days: 3)), smtpURL: smtp)
            #expect(try await Self.reminders(fixture, hire: "E-OLD", kind: .i9Section2, stage: "overdue_3")
                    == ["pat@acme.example assignee sent", "jane@acme.example contact sent", "olive@agency.example agency_operator sent"])
            #expect(try Self.mail(to: "jane@acme.example", relay).allSatisfy { $0.contains("Why you: compliance contact: this work is overdue") })
            #expect(try Self.mail(to: "olive@agency.example", relay).contains { $0.contains("Why you: agency operator: this work is overdue and was escalated") })

            // Section 2 recorded by P-1: no more Section 2 reminders for E-OLD, to anyone.
            _ = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, connection in
                try await HireRepository().update("E-OLD", context: context, connection: connection, logger: TestDatabase.logger) {
                    $0.i9.section1CompletedOn = start
                    $0.i9.section2CompletedOn = start
                    $0.i9.preparerID = "P-1"
                }
            }
            try await DeliveryTests.runCycles(fixture, at: DeliveryTests.sendInstant(due.adding(days: 4)), smtpURL: smtp)
            let unsent = try await Self.reminders(fixture, hire: "E-OLD", kind: .i9Section2).filter { !$0.hasSuffix(" sent") }
            #expect(unsent.allSatisfy { $0.hasSuffix(" cancelled") }, "\(unsent)")
            #expect(try await Self.reminders(fixture, hire: "E-OLD", kind: .i9Section2, stage: "overdue_4").allSatisfy { $0.hasSuffix(" cancelled") })
            // Its review goes to the reviewer, never to P-1, who prepared it.
            let review = try await Self.reminders(fixture, hire: "E-OLD", kind: .i9SecondaryReview)
            #expect(review.contains { $0.hasPrefix("rita@acme.example assignee") } && !review.contains { $0.hasPrefix("pat@") }, "\(review)")
        }
    }

    @Test func aReassignedHiresPendingRemindersFollowTheNewPreparer() async throws {
        try await DeliveryTests.withFixture { fixture in
            try await Self.addPeople(fixture)
            let start = DeliveryTests.day(2)
            try await Self.save(Self.hire("E-1", start: start, preparer: "P-1"), fixture)
            let due = try await TenantWork(database: fixture.operatorDB).run(slug: "acme", actor: "test") { context, _ in
                try context.rules.section2DueDate(HireRecord(externalID: "E-1", startDate: start).complianceHire)
            }
            // The day before the due date: the due-day reminder is planned (look-ahead), not yet sent.
            try await DeliveryTests.runCycles(fixture, at: DeliveryTests.sendInstant(due.adding(days: -1)))
            #expect(try await Self.reminders(fixture, hire: "E-1", kind: .i9Section2, stage: "due") == ["pat@acme.example assignee pending"])

            try await Self.save(Self.hire("E-1", start: start, preparer: "P-2"), fixture)
            try await DeliveryTests.runCycles(fixture, at: DeliveryTests.sendInstant(due.adding(days: -1)).addingTimeInterval(60))
            #expect(try await Self.reminders(fixture, hire: "E-1", kind: .i9Section2, stage: "due")
                    == ["pat@acme.example assignee cancelled", "quinn@acme.example assignee pending"])

            // Back to P-1: the cancelled reminder is pending again, Quinn's cancelled.
            try await Self.save(Self.hire("E-1", start: start, preparer: "P-1"), fixture)
            try await DeliveryTests.runCycles(fixture, at: DeliveryTests.sendInstant(due))
            #expect(try await Self.reminders(fixture, hire: "E-1", kind: .i9Section2, stage: "due")
                    == ["pat@acme.example assignee sent", "quinn@acme.example assignee cancelled"])
        }
    }

    @Test func anUnknownPreparerIsRefusedNamingTheField() async throws {
        try await DeliveryTests.withFixture { fixture in
            await #expect(throws: StorageError.self) {
                try await Self.save(Self.hire("E-1", start: DeliveryTests.day(0), preparer: "NOBODY"), fixture)
            }
            do {
                try await Self.save(Self.hire("E-1", start: DeliveryTests.day(0), preparer: "NOBODY"), fixture)
            } catch {
                #expect("\(error)".contains("preparer: the assigned preparer is not a recorded person"), "\(error)")
            }
        }
    }
}
