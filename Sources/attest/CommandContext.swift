import ArgumentParser
import Daemon
import Foundation
import Logging
import Storage

/// What every command needs: the configuration, a logger, and uniform error output.
struct CommandContext {
    let configuration: AttestConfiguration
    let logger: Logger

    /// Loads the configuration and sets up logging. Command logs go to standard
    /// error so that standard output carries only the command's answer.
    static func load(logOutput: LogOutput = .standardError) async throws -> CommandContext {
        let configuration = try await reporting { try await AttestConfiguration.load() }
        LoggingSetup.bootstrap(level: configuration.logLevel, format: configuration.logFormat, output: logOutput)
        return CommandContext(configuration: configuration, logger: Logger(label: "attest"))
    }

    /// Runs `body` with a database connection pool for the configured URL.
    func withDatabase<Result: Sendable>(_ body: (Database) async throws -> Result) async throws -> Result {
        try await Self.reporting {
            let url = try configuration.requireDatabaseURL()
            return try await Database.withRunningClient(url, logger: logger, poolSize: 2, body)
        }
    }

    /// Runs `body`; any error becomes one line on standard error and exit status 1.
    static func reporting<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ImportError {
            // Every problem, one per line, so the operator can fix the file in one pass.
            FileHandle.standardError.write(Data("attest: error: the file was not imported (\(error.problems.count) problems):\n\(error.description)\n".utf8))
            throw ExitCode.failure
        } catch {
            FileHandle.standardError.write(Data("attest: error: \(PostgresErrorText.describe(error))\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// Writes values as pretty, key-sorted JSON on standard output.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        FileHandle.standardOutput.write(try encoder.encode(value) + Data("\n".utf8))
    }
}
