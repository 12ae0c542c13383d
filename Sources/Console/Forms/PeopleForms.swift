import Compliance
import Foundation
import Storage

/// The people list's forms: what `attest person add` and `attest training complete` record.
enum PeopleForms {
    static let all = [person, training]

    static let person = RecordForm(
        id: "person", title: "Add or update a person", sentence: "Person saved.",
        fields: [FormField("person_id", "Person id", .text(maxLength: 64), hint: "The id in the client's HR system: letters, digits, . _ -"),
                 FormField("name", "Full name", .text(maxLength: 200)),
                 FormField("email", "E-mail address", .text(maxLength: 254), required: false, hint: "Where their reminders go.")]
            + PersonRecord.Role.allCases.map { FormField("role_\($0.rawValue)", "Role: \($0.rawValue.replacingOccurrences(of: "_", with: " "))", .checkbox, required: false) },
        renaming: ["person_id": "person_id"],
        read: { input in
            let id = input.text("person_id", maxLength: 64), name = input.text("name", maxLength: 200)
            let email = input.optionalText("email", maxLength: 254)
            if let id, let problem = RecordRules.identifierProblem(id) { input.fail("person_id", problem) }
            if let email {
                do throws(StorageError) { _ = try TenantValidation.email(email) } catch { input.fail("email", error.message) }
            }
            let roles = PersonRecord.Role.allCases.filter { input.checked("role_\($0.rawValue)") }
            guard let id, let name, !input.state.hasErrors else { return nil }
            let person = PersonRecord(externalID: id, name: name, email: email, roles: roles)
            return { context, connection, logger in
                _ = try await PeopleRepository().save([person], context: context, connection: connection, logger: logger)
                return ReconcileReport()
            }
        })

    static let training = RecordForm(
        id: "training", title: "Record a completed training", sentence: "Training recorded.",
        fields: [FormField("person", "Person id", .text(maxLength: 64, suggestions: "people")), FormField("on", "Completed on", .date),
                 FormField("curriculum", "Curriculum version", .text(maxLength: 64), required: false, hint: "As published with attest curriculum publish.")],
        renaming: ["training": "person", "person_id": "person"],
        read: { input in
            let person = input.text("person", maxLength: 64), day = input.date("on")
            let curriculum = input.optionalText("curriculum", maxLength: 64)
            guard let person, let day else { return nil }
            let record = TrainingRecord(personID: person, completedOn: day, curriculum: curriculum)
            return { context, connection, logger in
                try await PeopleRepository().saveTrainings([record], context: context, connection: connection, logger: logger)
            }
        })
}

/// The no-match list's forms: what `attest nomatch receive` and `resolve` record.
enum NoMatchForms {
    static let all = [receive, resolve]

    static let receive = RecordForm(
        id: "receive", title: "Record a no-match letter received", sentence: "Letter recorded.",
        fields: [FormField("letter_id", "Letter id", .text(maxLength: 64)), FormField("on", "Received on", .date),
                 FormField("employee_id", "Employee id of the hire", .text(maxLength: 64), required: false),
                 FormField("source", "Sent by", .choice(["ssa", "ssnvs", "everify", "other"].map { .init(value: $0, label: $0.uppercased()) }))],
        renaming: ["received_on": "on"],
        read: { input in
            let id = input.text("letter_id", maxLength: 64), day = input.date("on")
            let hire = input.optionalText("employee_id", maxLength: 64)
            let source = input.text("source", maxLength: 16)
            if let source, !["ssa", "ssnvs", "everify", "other"].contains(source) { input.fail("source", "must be one of ssa, ssnvs, everify, other") }
            guard let id, let day, let source, !input.state.hasErrors else { return nil }
            var letter = NoMatchLetterRecord(letterID: id, receivedOn: day)
            letter.hireID = hire
            letter.source = source
            let received = letter
            return { context, connection, logger in
                try await NoMatchRepository().save([received], context: context, connection: connection, logger: logger)
            }
        })

    static let resolve = RecordForm(
        id: "resolve", title: "Record a letter's resolution", sentence: "Resolution recorded.",
        fields: [FormField("letter_id", "Letter id", .text(maxLength: 64)), FormField("on", "Resolved on", .date),
                 FormField("resolution", "What was done to resolve it", .text(maxLength: 2_000)),
                 FormField("evidence", "Where the evidence is kept", .text(maxLength: 500)),
                 FormField("steps", "Steps taken", .text(maxLength: 2_000), required: false)],
        renaming: ["resolved_on": "on"],
        read: { input in
            let id = input.text("letter_id", maxLength: 64), day = input.date("on")
            let resolution = input.text("resolution", maxLength: 2_000), evidence = input.text("evidence", maxLength: 500)
            let steps = input.optionalText("steps", maxLength: 2_000)
            guard let id, let day, let resolution, let evidence else { return nil }
            return { context, connection, logger in
                try await NoMatchRepository().resolve(id, on: day, resolution: resolution, evidence: evidence, steps: steps,
                                                      context: context, connection: connection, logger: logger)
            }
        })
}
