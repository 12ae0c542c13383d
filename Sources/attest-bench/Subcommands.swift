let benchmarkSubcommands: [any ParsableCommand.Type] = []
