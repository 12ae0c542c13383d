import ArgumentParser

/// The benchmarks `attest-bench` offers.
let benchmarkSubcommands: [any ParsableCommand.Type] = [ComposeBenchmark.self, DeadlinesBenchmark.self, SMTPBenchmark.self]
