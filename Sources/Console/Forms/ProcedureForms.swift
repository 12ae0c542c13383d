import Compliance
import Foundation
import Storage

/// The self-reports list's forms: what `attest selfreport record | correct | report` record.
enum SelfReportForms {
    static let all = [record, correct, report]

    private static let reportID = FormField("report_id", "Report id", .text(maxLength: 64))

    static let record = RecordForm(
        id: "record", title: "Record a violation found", sentence: "Self-report recorded.",
        fields: [reportID, FormField("on", "Discovered on", .date),
                 FormField("source", "Found through", .choice(SelfReportRecord.Source.allCases.map { .init(value: $0.rawValue, label: $0.rawValue) })),
                 FormField("source_ref", "Id of the audit, tip or letter", .text(maxLength: 64), required: false),
                 FormField("description", "What was found", .text(maxLength: 2_000)),
                 FormField("follow_up", "To be corrected by", .date, required: false, hint: "Default: the tenant's selfReportCorrectDays setting.")],
        renaming: ["discovered_on": "on", "follow_up_on": "follow_up"],
        read: { input in
            let id = input.text("report_id", maxLength: 64), day = input.date("on"), description = input.text("description", maxLength: 2_000)
            let source = input.optionalChoice("source", SelfReportRecord.Source.self)
            if source == nil, input.state.errors["source"] == nil { input.fail("source", "required") }
            let reference = input.optionalText("source_ref", maxLength: 64), followUp = input.optionalDate("follow_up")
            guard let id, let day, let source, let description, !input.state.hasErrors else { return nil }
            var report = SelfReportRecord(reportID: id, discoveredOn: day, source: source, description: description)
            report.sourceReference = reference
            report.followUpOn = followUp
            let recorded = report
            return { context, connection, logger in
                try await EventRecordsRepository().saveSelfReport(recorded, context: context, connection: connection, logger: logger)
            }
        })

    static let correct = RecordForm(
        id: "correct", title: "Record its correction", sentence: "Correction recorded.",
        fields: [reportID, FormField("on", "Corrected on", .date), FormField("action", "The corrective action taken", .text(maxLength: 2_000))],
        renaming: ["corrected_on": "on", "corrective_action": "action"],
        read: { input in
            let id = input.text("report_id", maxLength: 64), day = input.date("on"), action = input.text("action", maxLength: 2_000)
            guard let id, let day, let action else { return nil }
            return step(.correct(on: day, action: action), id)
        })

    static let report = RecordForm(
        id: "report", title: "Record its report to ICE", sentence: "Report to ICE recorded.",
        fields: [reportID, FormField("on", "Reported on", .date)],
        renaming: ["reported_on": "on"],
        read: { input in
            let id = input.text("report_id", maxLength: 64), day = input.date("on")
            guard let id, let day else { return nil }
            return step(.report(on: day), id)
        })

    private static func step(_ change: SelfReportChange, _ id: String) -> RecordForm.Work {
        { context, connection, logger in
            try await EventRecordsRepository().record(change, selfReport: id, context: context, connection: connection, logger: logger)
        }
    }
}

/// The hiring network list's forms: what `attest network add` and `attest network communicated` record.
enum NetworkForms {
    static let all = [company, communicated]

    static let company = RecordForm(
        id: "company", title: "Add or update a company", sentence: "Company saved.",
        fields: [FormField("company_id", "Company id", .text(maxLength: 64)), FormField("name", "Name", .text(maxLength: 200)),
                 FormField("contact_name", "Contact person", .text(maxLength: 200), required: false),
                 FormField("contact_email", "Contact e-mail address", .text(maxLength: 254), required: false),
                 FormField("joined", "Joined the network on", .date)],
        renaming: ["joined_on": "joined"],
        read: { input in
            let id = input.text("company_id", maxLength: 64), name = input.text("name", maxLength: 200), joined = input.date("joined")
            let contact = input.optionalText("contact_name", maxLength: 200), email = input.optionalText("contact_email", maxLength: 254)
            if let email {
                do throws(StorageError) { _ = try TenantValidation.email(email) } catch { input.fail("contact_email", error.message) }
            }
            guard let id, let name, let joined, !input.state.hasErrors else { return nil }
            let record = NetworkCompanyRecord(companyID: id, name: name, contactName: contact, contactEmail: email, joinedOn: joined)
            return { context, connection, logger in
                try await NetworkRepository().saveCompany(record, context: context, connection: connection, logger: logger)
            }
        })

    static let communicated = RecordForm(
        id: "communicated", title: "Record the IMAGE guidelines sent to a company", sentence: "Communication recorded.",
        fields: [FormField("company", "Company id", .text(maxLength: 64)), FormField("on", "Sent on", .date),
                 FormField("channel", "How", .text(maxLength: 64), hint: "email, mail, meeting …"),
                 FormField("reference", "A reference to what was sent", .text(maxLength: 500), required: false)],
        read: { input in
            let id = input.text("company", maxLength: 64), day = input.date("on"), channel = input.text("channel", maxLength: 64)
            let reference = input.optionalText("reference", maxLength: 500) ?? ""
            guard let id, let day, let channel else { return nil }
            return { context, connection, logger in
                try await NetworkRepository().recordCommunication(company: id, on: day, channel: channel, reference: reference,
                                                                  context: context, connection: connection, logger: logger)
            }
        })
}
