import Foundation
import Storage

/// Places a refusal of the Storage code in a form: next to the input it is about when
/// the rule names one of the form's inputs, else as the form's problem, in the words
/// the CLI prints. Anything else (a lost database, a bug) is thrown on.
enum FormProblem {
    static func place(_ error: any Error, in state: inout FormState, input: (String) -> String?) throws {
        switch error {
        case let violation as RecordViolation:
            place(field: violation.field, message: violation.message, in: &state, input: input)
        case let error as StorageError where error.kind == .invalidInput || error.kind == .conflict:
            let parts = error.message.split(separator: ":", maxSplits: 1)
            if parts.count == 2, !parts[0].contains(" ") {
                place(field: String(parts[0]), message: parts[1].trimmingCharacters(in: .whitespaces), in: &state, input: input)
            } else {
                state.formError = error.message
            }
        default:
            throw error
        }
    }

    private static func place(field: String, message: String, in state: inout FormState, input: (String) -> String?) {
        if let name = input(field) {
            state.errors[name] = message
            state.formError = state.formError ?? "The record was not saved. Check the fields marked below."
        } else {
            state.formError = "\(field): \(message)"
        }
    }
}
