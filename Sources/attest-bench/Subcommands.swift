import ArgumentParser

/// The benchmarks `attest-bench` offers.
let benchmarkSubcommands: [any ParsableCommand.Type] = [DeadlinesBenchmark.self, SMTPBenchmark.self]
