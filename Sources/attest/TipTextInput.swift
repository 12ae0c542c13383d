import ArgumentParser
import Foundation

/// Reads the text of a tip an operator records (`attest tip record --text-file`): from a
/// file, or from standard input for `-`, so that the text never sits on the command line
/// (and in the shell's history).
enum TipTextInput {
    /// The UTF-8 text of `path` (`-`: standard input).
    static func read(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--text-file: cannot read \(path)")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("--text-file: \(path == "-" ? "standard input" : path) is not UTF-8 text")
        }
        return text
    }
}
