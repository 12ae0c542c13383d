import ArgumentParser
import Console
import Daemon
import Foundation

/// `attest console`: the operators' web console.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Run the operators' web console (as attest_console) until SIGTERM or SIGINT."
    )

    func run() async throws {
        let context = try await CommandContext.load(logOutput: .standardOutput)
        let configuration = context.configuration
        try await CommandContext.reporting {
            let settings = ConsoleSettings(
                host: configuration.consoleHost, port: configuration.consolePort,
                idleTimeout: configuration.consoleIdleTimeout, absoluteTimeout: configuration.consoleAbsoluteTimeout,
                trustedProxies: configuration.trustedProxies, tipKeys: try configuration.tipKeyRing())
            try await ConsoleServer(settings: settings, databaseURL: try configuration.requireDatabaseURL(),
                                    poolSize: configuration.databasePoolSize, shutdownTimeout: configuration.shutdownTimeout,
                                    logger: context.logger).run()
        }
    }
}
