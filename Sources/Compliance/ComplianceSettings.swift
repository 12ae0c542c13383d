import Foundation

/// Every tenant knob the rules and reminder plans read, with its default. Where the law is
/// silent the default is the product's choice, named in `docs/compliance-rules.md`.
///
/// Encoded as a JSON object with these property names; missing keys take the default,
/// unknown keys are an error (see ``decode(json:)``).
public struct ComplianceSettings: Sendable, Equatable {
    /// Count the start day as business day 1 for Section 2 and E-Verify (conservative).
    public var countStartDay = false
    /// The employer is an E-Verify participant in good standing: the only employers who
    /// may examine Form I-9 documents remotely (DHS alternative procedure, 88 FR 47749).
    public var eVerifyGoodStanding = false
    /// The tenant's operating weekdays (its business days, before holidays and closures).
    public var operatingWeekdays: [Weekday] = Weekday.mondayToFriday
    /// The federal holidays the employer closes on (its business days skip them; federal
    /// working days always skip them all).
    public var employerHolidays: EmployerHolidays = .federal
    /// Operating days after Section 2 by which the secondary review is due.
    public var secondaryReviewBusinessDays = 2
    /// Operating days after an E-Verify final result by which the case must be closed.
    public var caseClosureBusinessDays = 3
    /// Calendar days after receipt of a no-match letter to acknowledge it.
    public var noMatchAcknowledgeDays = 30
    /// Calendar days after receipt of a no-match letter to resolve and document it.
    public var noMatchResolveDays = 90
    /// Operating days after receipt of a tip to acknowledge it.
    public var tipAcknowledgeBusinessDays = 2
    /// Operating days after receipt of a tip to start investigating it. When a settings
    /// document leaves it out, it is 5, kept within the acknowledge and respond windows
    /// (see ``defaultTipInvestigateBusinessDays(acknowledge:respond:)``).
    public var tipInvestigateBusinessDays = 5
    /// Operating days after receipt of a tip to respond per the tip protocol.
    public var tipRespondBusinessDays = 10
    /// Calendar days after discovery to correct a self-reported violation.
    public var selfReportCorrectDays = 30
    /// Operating days after discovery to report a self-reported violation.
    public var selfReportReportBusinessDays = 10
    /// Months a person's I-9 training stays valid.
    public var trainingValidityMonths = 12
    /// Months after a curriculum version by which the training program must be updated.
    public var trainingProgramUpdateMonths = 12
    /// Months between reviews of a policy.
    public var policyReviewMonths = 12
    /// Months between communications of the IMAGE guidelines to a network company.
    public var networkCommunicationMonths = 12
    /// Calendar days after a company joins the network to send it the guidelines first.
    public var networkInitialDays = 30
    /// The date the tenant signed its IMAGE agreement (annual report anniversary).
    public var imageAgreementDate: CivilDate?
    /// The yearly I-9 audit date; nil means the IMAGE agreement anniversary.
    public var auditDate: MonthDay?
    /// The yearly report date; nil means the IMAGE agreement anniversary.
    public var reportDate: MonthDay?
    /// Where anniversaries of Feb 29 (and month steps past a month's end) land.
    public var leapDayRule: LeapDayRule = .february28
    /// The tenant's IANA time zone; reminders go out at `sendHour` local time there.
    public var timeZone = "America/New_York"
    /// Local hour (0–23) at which reminders are sent.
    public var sendHour = 8
    /// Reminder plans that replace the default plan of a kind.
    public var reminderPlans: [ObligationKind: ReminderPlan] = [:]
    /// Who receives the reminders as an obligation slips.
    public var escalation = EscalationLadder()

    /// The defaults.
    public init() {}

    /// The investigate window a settings document gets when it does not name one: 5
    /// operating days, but never before the acknowledge window nor after the respond
    /// window, so that documents written before the setting existed stay valid.
    public static func defaultTipInvestigateBusinessDays(acknowledge: Int, respond: Int) -> Int {
        max(acknowledge, min(5, respond))
    }

    /// The plan for `kind`: the tenant's override, else the default.
    public func reminderPlan(for kind: ObligationKind) -> ReminderPlan {
        reminderPlans[kind] ?? ReminderPlan.defaultPlan(for: kind)
    }
}

extension ComplianceSettings: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case countStartDay, eVerifyGoodStanding, operatingWeekdays, employerHolidays, secondaryReviewBusinessDays, caseClosureBusinessDays
        case noMatchAcknowledgeDays, noMatchResolveDays, tipAcknowledgeBusinessDays, tipInvestigateBusinessDays,
            tipRespondBusinessDays
        case selfReportCorrectDays, selfReportReportBusinessDays, trainingValidityMonths
        case trainingProgramUpdateMonths, policyReviewMonths, networkCommunicationMonths, networkInitialDays
        case imageAgreementDate, auditDate, reportDate, leapDayRule, timeZone, sendHour, reminderPlans, escalation
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes settings; missing keys keep their default, an unknown key throws
    /// ``SettingsError/unknownSetting(_:)``.
    public init(from decoder: any Decoder) throws {
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys where CodingKeys(stringValue: key.stringValue) == nil {
            throw SettingsError.unknownSetting(key.stringValue)
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        countStartDay = try value(.countStartDay, countStartDay)
        eVerifyGoodStanding = try value(.eVerifyGoodStanding, eVerifyGoodStanding)
        operatingWeekdays = try value(.operatingWeekdays, operatingWeekdays)
        employerHolidays = try value(.employerHolidays, employerHolidays)
        secondaryReviewBusinessDays = try value(.secondaryReviewBusinessDays, secondaryReviewBusinessDays)
        caseClosureBusinessDays = try value(.caseClosureBusinessDays, caseClosureBusinessDays)
        noMatchAcknowledgeDays = try value(.noMatchAcknowledgeDays, noMatchAcknowledgeDays)
        noMatchResolveDays = try value(.noMatchResolveDays, noMatchResolveDays)
        tipAcknowledgeBusinessDays = try value(.tipAcknowledgeBusinessDays, tipAcknowledgeBusinessDays)
        tipRespondBusinessDays = try value(.tipRespondBusinessDays, tipRespondBusinessDays)
        tipInvestigateBusinessDays = try value(.tipInvestigateBusinessDays, Self.defaultTipInvestigateBusinessDays(
            acknowledge: tipAcknowledgeBusinessDays, respond: tipRespondBusinessDays))
        selfReportCorrectDays = try value(.selfReportCorrectDays, selfReportCorrectDays)
        selfReportReportBusinessDays = try value(.selfReportReportBusinessDays, selfReportReportBusinessDays)
        trainingValidityMonths = try value(.trainingValidityMonths, trainingValidityMonths)
        trainingProgramUpdateMonths = try value(.trainingProgramUpdateMonths, trainingProgramUpdateMonths)
        policyReviewMonths = try value(.policyReviewMonths, policyReviewMonths)
        networkCommunicationMonths = try value(.networkCommunicationMonths, networkCommunicationMonths)
        networkInitialDays = try value(.networkInitialDays, networkInitialDays)
        imageAgreementDate = try c.decodeIfPresent(CivilDate.self, forKey: .imageAgreementDate)
        auditDate = try c.decodeIfPresent(MonthDay.self, forKey: .auditDate)
        reportDate = try c.decodeIfPresent(MonthDay.self, forKey: .reportDate)
        leapDayRule = try value(.leapDayRule, leapDayRule)
        timeZone = try value(.timeZone, timeZone)
        sendHour = try value(.sendHour, sendHour)
        reminderPlans = try value(.reminderPlans, reminderPlans)
        escalation = try value(.escalation, escalation)
    }

    /// Decodes and validates a JSON settings document.
    ///
    /// - Throws: ``SettingsError`` naming the unknown, malformed or out-of-range setting.
    public static func decode(json: Data) throws(SettingsError) -> ComplianceSettings {
        let settings: ComplianceSettings
        do {
            settings = try JSONDecoder().decode(ComplianceSettings.self, from: json)
        } catch let error as SettingsError {
            throw error
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .invalidValue(context.codingPath.map(\.stringValue).joined(separator: "."), "wrong type")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            let detail = context.debugDescription
            throw .invalidValue(context.codingPath.map(\.stringValue).joined(separator: "."), detail)
        } catch {
            throw .invalidValue("(document)", "not a JSON object of settings")
        }
        try settings.validate()
        return settings
    }
}
