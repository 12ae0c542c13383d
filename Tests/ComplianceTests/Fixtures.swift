import Compliance

/// A date from a literal the test controls (a bad literal is a test bug).
func day(_ text: String) -> CivilDate {
    do {
        return try CivilDate(iso: text)
    } catch {
        fatalError("bad test date \(text): \(error)")
    }
}

/// Rules with default settings and no calendar data, or with the given ones.
func makeRules(_ settings: ComplianceSettings = ComplianceSettings(), data: CalendarData = CalendarData()) -> ComplianceRules {
    do {
        return try ComplianceRules(settings: settings, calendarData: data)
    } catch {
        fatalError("bad test settings: \(error)")
    }
}

/// The 2025 federal closures by executive order and the 2025 E-Verify outage.
func calendarData2025() throws -> CalendarData {
    let closures = try ["2025-01-09", "2025-12-24", "2025-12-26"].map { try Closure(first: day($0), reason: "executive order") }
    let outage = try EVerifyOutage(first: day("2025-10-01"), last: day("2025-10-08"), catchUpDate: day("2025-10-14"))
    return CalendarData(federalClosures: closures, eVerifyOutages: [outage])
}

/// The due date of the first obligation of `kind`, if any.
func due(_ obligations: [Obligation], _ kind: ObligationKind) -> CivilDate? {
    obligations.first { $0.kind == kind }?.dueDate
}
