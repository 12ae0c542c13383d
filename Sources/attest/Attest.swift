import ArgumentParser
import Storage

/// The `attest` command line: thin wrappers over the Daemon, Storage and Compliance
/// libraries.
@main
struct Attest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Keeps a staffing agency's client companies compliant with ICE's IMAGE program.",
        discussion: "Configuration comes from ATTEST_* environment variables; see the README.",
        version: AttestVersion.current,
        subcommands: [
            ServeCommand.self,
            ConsoleCommand.self,
            OperatorCommand.self,
            MigrateCommand.self,
            TenantCommand.self,
            ContactCommand.self,
            TokenCommand.self,
            EventsCommand.self,
            PersonCommand.self,
            TrainingCommand.self,
            HireCommand.self,
            I9Command.self,
            EVerifyCommand.self,
            NoMatchCommand.self,
            AuditCommand.self,
            TipCommand.self,
            SelfReportCommand.self,
            NetworkCommand.self,
            PolicyCommand.self,
            CurriculumCommand.self,
            ReportCommand.self,
            SettingsCommand.self,
            ClosureCommand.self,
            ImportCommand.self,
            AgendaCommand.self,
            StatusCommand.self,
            MailCommand.self,
            CalendarCommand.self,
            DeadlinesCommand.self,
            SummaryCommand.self,
        ]
    )

    /// ArgumentParser's own entry point, after one check of every argument: none may
    /// hold a control character no text field takes (``ControlCharacters``).
    static func main() async {
        do {
            for (index, argument) in CommandLine.arguments.dropFirst().enumerated() {
                if let problem = ControlCharacters.problem(in: argument) {
                    throw ValidationError("argument \(index + 1) (\(TerminalText.printable(argument).prefix(40))) \(problem)")
                }
            }
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
