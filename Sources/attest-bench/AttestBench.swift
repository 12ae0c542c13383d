import ArgumentParser

/// Benchmarks that print their figures. Run them in release mode:
/// `swift run -c release attest-bench SUBCOMMAND …`. Results and the commands that
/// produced them are recorded in `docs/performance.md`.
@main
struct AttestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest-bench",
        abstract: "Attest's benchmarks; each prints its figures.",
        subcommands: benchmarkSubcommands
    )
}
