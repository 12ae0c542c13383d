import ArgumentParser
import Compliance
import Foundation

/// `attest-bench deadlines --hires N`: derives every deadline (I-9, E-Verify case) for N
/// synthetic hires, one at a time (constant memory), and prints hires per second and the
/// peak resident memory.
struct DeadlinesBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines",
        abstract: "Derive every deadline for N synthetic hires; print hires/s and peak RSS."
    )

    @Option(help: "Number of synthetic hires.") var hires = 1_000_000
    @Option(help: "Seed of the synthetic data.") var seed: UInt64 = 42
    @Flag(help: "Also build each obligation's source key string (as storage does).") var keys = false

    func run() throws {
        let rules = try ComplianceRules(settings: ComplianceSettings(), calendarData: try Self.calendarData())
        var generator = SyntheticHires(seed: seed)
        var obligations = 0
        var checksum: Int64 = 0
        let clock = ContinuousClock()
        let began = clock.now
        let plain: (Obligation) -> Void = { obligation in
            obligations += 1
            checksum &+= Int64(obligation.dueDate.dayNumber)
        }
        let keyed: (Obligation) -> Void = { obligation in
            obligations += 1
            checksum &+= Int64(obligation.dueDate.dayNumber) &+ Int64(obligation.sourceKey.utf8.count)
        }
        let sink = keys ? keyed : plain
        for index in 0..<hires {
            let (hire, eVerifyCase) = generator.next(index: index)
            try rules.forEachObligation(for: hire, sink)
            try rules.forEachObligation(for: eVerifyCase, sink)
        }
        let elapsed = (clock.now - began).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        print("hires: \(hires)  obligations: \(obligations)  checksum: \(checksum)")
        print(String(format: "elapsed: %.3f s  hires/s: %.0f  obligations/s: %.0f", seconds, Double(hires) / seconds, Double(obligations) / seconds))
        print("peak RSS (VmHWM): \(Self.status("VmHWM"))  current RSS (VmRSS): \(Self.status("VmRSS"))")
    }

    /// The 2025 federal closures and the 2025 E-Verify outage, as a tenant would have them.
    static func calendarData() throws -> CalendarData {
        let closures = try ["2025-01-09", "2025-12-24", "2025-12-26"].map { try Closure(first: CivilDate(iso: $0)) }
        let outage = try EVerifyOutage(
            first: CivilDate(iso: "2025-10-01"), last: CivilDate(iso: "2025-10-08"), catchUpDate: CivilDate(iso: "2025-10-14"))
        return CalendarData(federalClosures: closures, eVerifyOutages: [outage])
    }

    /// A line of /proc/self/status, e.g. `VmHWM`, or "n/a".
    static func status(_ key: String) -> String {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "n/a" }
        let line = text.split(separator: "\n").first { $0.hasPrefix(key + ":") }
        return line.map { $0.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces) } ?? "n/a"
    }
}

/// Deterministic synthetic hires (xorshift), one at a time.
private struct SyntheticHires {
    private var state: UInt64
    private let firstStart = CivilDate(dayNumber: 18_262)  // 2020-01-01

    init(seed: UInt64) { state = seed | 1 }

    private mutating func random(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }

    /// A hire starting 2020–2029 and its E-Verify case; mixes of short jobs, receipts,
    /// expiring authorizations, terminations and TNCs.
    mutating func next(index: Int) -> (Hire, EVerifyCase) {
        let start = firstStart.adding(days: random(3_650))
        let roll = random(100)
        // No receipt for a short job: the rules refuse one.
        var hire = Hire(id: String(index), startDate: start, jobBusinessDays: roll < 5 ? 2 : nil,
                        receipt: roll % 10 == 1 && roll >= 5 ? Receipt(.replacement) : nil)
        if roll < 25 {
            hire.citizenship = .alienAuthorized
            hire.workAuthorizationExpires = start.adding(days: 200 + random(900))
        } else {
            hire.citizenship = .citizen
        }
        if roll % 4 == 0 { hire.terminationDate = start.adding(days: random(2_000)) }
        let created = start.adding(days: random(4))
        let tnc = roll % 20 == 3 ? created : nil
        let eVerifyCase = EVerifyCase(id: hire.id, createdOn: created, tncIssuedOn: tnc, referredOn: tnc?.adding(days: 2))
        return (hire, eVerifyCase)
    }
}
