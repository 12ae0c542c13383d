/// An extension of a List A document's validity beyond its printed expiry.
public enum DocumentExtension: Hashable, Sendable, Codable {
    /// An EAD (Form I-766) whose renewal was filed on this day, shown with the Form
    /// I-797C receipt: automatically extended by the period in force on the filing day
    /// (8 CFR 274a.13(d); USCIS M-274 §5.1). See ``AutomaticEADExtension``.
    case eadRenewal(filedOn: CivilDate)
    /// An extension whose end a notice states: a Federal Register notice for TPS EADs,
    /// or a Form I-797 extending an expired Form I-551 (USCIS M-274 §5.1).
    case notice(until: CivilDate)

    /// The extension its two recorded fields describe: a renewal's filing day (an
    /// automatic extension), else a notice's end date; nil when neither is given.
    public init?(renewalFiledOn: CivilDate?, extendedUntil: CivilDate?) {
        if let filed = renewalFiledOn {
            self = .eadRenewal(filedOn: filed)
        } else if let until = extendedUntil {
            self = .notice(until: until)
        } else {
            return nil
        }
    }

    /// The last day the extended document is acceptable, or nil when the renewal was
    /// filed too late or after automatic extensions ended.
    public func end(of expires: CivilDate) -> CivilDate? {
        switch self {
        case .eadRenewal(let filed):
            guard filed <= expires, let days = AutomaticEADExtension.days(forRenewalFiledOn: filed) else { return nil }
            return expires.adding(days: days)
        case .notice(let until):
            return until
        }
    }
}

/// How long an EAD stays valid past its expiry while a timely renewal is pending, by
/// the day the renewal was filed. The windows are the rules in force on that day:
///
/// | renewal filed | extension | source |
/// |---|---|---|
/// | before 2022-05-04 | 180 days | 8 CFR 274a.13(d), 81 FR 82398 |
/// | 2022-05-04 … 2023-10-26 | 540 days | temporary final rule, 87 FR 26614 |
/// | 2023-10-27 … 2024-04-07 | 180 days | 8 CFR 274a.13(d) |
/// | 2024-04-08 … 2025-10-29 | 540 days | 89 FR 24628; final rule 89 FR 101208 |
/// | on or after 2025-10-30 | none | interim final rule, 90 FR 48799 (8 CFR 274a.13(e)) |
///
/// A renewal filed before 2022-05-04 or 2023-10-27 … 2024-04-07 and still pending
/// when the next rule took effect got 540 days too; Attest cannot know that, so it
/// takes the shorter extension: an employer reverifying early breaks no rule, one
/// reverifying late does. TPS-related extensions set by Federal Register notice are
/// ``DocumentExtension/notice(until:)``.
public enum AutomaticEADExtension {
    /// The windows, oldest first: (first filing day, last filing day, days).
    static let windows: [(first: CivilDate, last: CivilDate, days: Int?)] = [
        (date(1971, 1, 1), date(2022, 5, 3), 180),
        (date(2022, 5, 4), date(2023, 10, 26), 540),
        (date(2023, 10, 27), date(2024, 4, 7), 180),
        (date(2024, 4, 8), date(2025, 10, 29), 540),
        (date(2025, 10, 30), date(2200, 12, 31), nil),
    ]

    /// The first filing day with no automatic extension (interim final rule).
    public static let endedOn = date(2025, 10, 30)

    /// The automatic extension, in days, of an EAD whose renewal was filed on `filed`;
    /// nil when none applies.
    public static func days(forRenewalFiledOn filed: CivilDate) -> Int? {
        windows.first { $0.first <= filed && filed <= $0.last }?.days ?? nil
    }

    private static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        try! CivilDate(year: year, month: month, day: day)  // literal dates above: valid
    }
}
