import Hummingbird
import Logging
import PostgresNIO
import Storage

/// A posted record form, from the request to the outcome: the session's form is read
/// (same-origin, its token), its fields become the Storage work, and the work runs in
/// one transaction for the route's tenant (``ConsoleScope/write(_:_:)``). A refusal —
/// the form's own checks or a record rule — comes back with every problem placed, and
/// nothing changed.
enum FormSubmission {
    enum Outcome: Sendable {
        case saved(ReconcileReport)
        case refused(FormState)
    }

    /// Runs the form. A record the route names that does not exist is the 404 page when
    /// `missingIsNotFound` (a hire's page), else the form's problem (a letter id typed in).
    static func run(
        _ request: Request, _ context: ConsoleRequestContext, scope: ConsoleScope, fields: [FormField], missingIsNotFound: Bool,
        input placement: (String) -> String?, _ read: (inout FormInput) -> RecordForm.Work?
    ) async throws -> Outcome {
        let session = try context.signedIn()
        let form = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        var input = FormInput(form, fields: fields)
        guard let work = read(&input), !input.state.hasErrors else { return .refused(input.state) }
        var state = input.state
        let logger = context.logger
        do {
            return .saved(try await scope.write(context) { tenant, connection in try await work(tenant, connection, logger) })
        } catch let error as StorageError where error.kind == .notFound {
            if missingIsNotFound { throw ConsolePageError.notFound }
            state.formError = error.message
        } catch {
            try FormProblem.place(error, in: &state, input: placement)
        }
        return .refused(state)
    }
}
