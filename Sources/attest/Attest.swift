import ArgumentParser

/// The `attest` command line: thin wrappers over the Daemon, Storage and Compliance
/// libraries.
@main
struct Attest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Keeps a staffing agency's client companies compliant with ICE's IMAGE program.",
        discussion: "Configuration comes from ATTEST_* environment variables; see the README.",
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
        ]
    )
}
