/// Which observed federal holidays the employer closes on (setting `employerHolidays`).
///
/// Section 2 and E-Verify case creation count the *employer's* business days (8 CFR
/// 274a.2(b)(1)(ii); E-Verify MOU Art. II.A.9, "three Employer business days"), and an
/// employer that works on a federal holiday counts it. Federal government working days
/// (the TNC clocks) always skip every observed federal holiday, whatever this says.
///
/// In a settings document: `"federal"` (every observed federal holiday, the default),
/// `"none"` (open on all of them), or a list of the holidays observed, by their
/// identifiers (`["new_years_day", "independence_day", "thanksgiving_day", "christmas_day"]`).
public enum EmployerHolidays: Sendable, Hashable {
    /// Closed on every observed federal holiday.
    case federal
    /// Open on every federal holiday.
    case none
    /// Closed on the observed dates of these holidays only.
    case observed(Set<FederalHoliday>)

    /// Whether the employer is closed on `holiday`'s observed date.
    public func observes(_ holiday: FederalHoliday) -> Bool {
        switch self {
        case .federal: true
        case .none: false
        case .observed(let holidays): holidays.contains(holiday)
        }
    }
}

extension EmployerHolidays: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let word = try? container.decode(String.self) {
            switch word {
            case "federal": self = .federal
            case "none": self = .none
            default:
                throw SettingsError.invalidValue("employerHolidays", "\"\(word)\" is neither \"federal\", \"none\" nor a list of holidays")
            }
            return
        }
        guard let names = try? container.decode([String].self) else {
            throw SettingsError.invalidValue("employerHolidays", "expected \"federal\", \"none\" or a list of holidays")
        }
        var holidays = Set<FederalHoliday>()
        for name in names {
            guard let holiday = FederalHoliday(rawValue: name) else {
                throw SettingsError.invalidValue("employerHolidays", "\"\(name)\" is not a federal holiday (one of: \(FederalHoliday.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard holidays.insert(holiday).inserted else {
                throw SettingsError.invalidValue("employerHolidays", "\"\(name)\" is listed twice")
            }
        }
        self = .observed(holidays)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .federal: try container.encode("federal")
        case .none: try container.encode("none")
        case .observed(let holidays): try container.encode(FederalHoliday.allCases.filter(holidays.contains).map(\.rawValue))
        }
    }
}
