import Foundation

extension ComplianceSettings {
    /// Checks every setting; the error names the first bad one.
    public func validate() throws(SettingsError) {
        try check("secondaryReviewBusinessDays", secondaryReviewBusinessDays, 0...30)
        try check("caseClosureBusinessDays", caseClosureBusinessDays, 0...30)
        try check("noMatchAcknowledgeDays", noMatchAcknowledgeDays, 1...365)
        try check("noMatchResolveDays", noMatchResolveDays, 1...730)
        try check("tipAcknowledgeBusinessDays", tipAcknowledgeBusinessDays, 0...60)
        try check("tipInvestigateBusinessDays", tipInvestigateBusinessDays, 0...120)
        try check("tipRespondBusinessDays", tipRespondBusinessDays, 0...120)
        try check("selfReportCorrectDays", selfReportCorrectDays, 1...365)
        try check("selfReportReportBusinessDays", selfReportReportBusinessDays, 0...120)
        try check("trainingValidityMonths", trainingValidityMonths, 1...12)
        try check("trainingProgramUpdateMonths", trainingProgramUpdateMonths, 1...12)
        try check("policyReviewMonths", policyReviewMonths, 1...12)
        try check("networkCommunicationMonths", networkCommunicationMonths, 1...12)
        try check("networkInitialDays", networkInitialDays, 0...365)
        try check("sendHour", sendHour, 0...23)
        try validateOrdering()
        try validateCalendar()
        for (kind, plan) in reminderPlans.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            try plan.validate(setting: "reminderPlans.\(kind.rawValue)")
        }
        try escalation.validate(setting: "escalation")
    }

    private func check(_ name: String, _ value: Int, _ allowed: ClosedRange<Int>) throws(SettingsError) {
        guard allowed.contains(value) else { throw .outOfRange(name, value: value, allowed: allowed) }
    }

    private func validateOrdering() throws(SettingsError) {
        guard noMatchResolveDays >= noMatchAcknowledgeDays else {
            throw .invalidValue("noMatchResolveDays", "must not be shorter than noMatchAcknowledgeDays (\(noMatchAcknowledgeDays))")
        }
        guard tipRespondBusinessDays >= tipAcknowledgeBusinessDays else {
            throw .invalidValue("tipRespondBusinessDays", "must not be shorter than tipAcknowledgeBusinessDays (\(tipAcknowledgeBusinessDays))")
        }
        guard tipInvestigateBusinessDays >= tipAcknowledgeBusinessDays else {
            throw .invalidValue("tipInvestigateBusinessDays", "must not be shorter than tipAcknowledgeBusinessDays (\(tipAcknowledgeBusinessDays))")
        }
        guard tipRespondBusinessDays >= tipInvestigateBusinessDays else {
            throw .invalidValue("tipRespondBusinessDays", "must not be shorter than tipInvestigateBusinessDays (\(tipInvestigateBusinessDays))")
        }
    }

    private func validateCalendar() throws(SettingsError) {
        guard !operatingWeekdays.isEmpty else {
            throw .invalidValue("operatingWeekdays", "name at least one weekday")
        }
        guard Set(operatingWeekdays).count == operatingWeekdays.count else {
            throw .invalidValue("operatingWeekdays", "a weekday is listed twice")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw .invalidValue("timeZone", "'\(timeZone)' is not an IANA time zone such as America/New_York")
        }
    }
}
