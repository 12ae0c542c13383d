import Foundation
import Hummingbird
import Logging
import Storage
import WebCommon

/// CSV upload to a tenant (`/tenants/SLUG/import`): an HR system's people, trainings,
/// hires or no-match file, read by the same `RecordImporter` as `attest import`.
///
/// The upload is first previewed: the import runs inside a transaction that is then
/// rolled back, so the page shows what it would add and change, or every problem of the
/// file (row problems and those that need the database, such as an untrained preparer)
/// as `line · column · what`, downloadable as CSV. The file is kept for the session
/// (sql/015) until "Import" applies it, all or nothing, in one transaction.
struct ImportController: Sendable {
    let scope: ConsoleScope
    /// The largest file accepted (``ConsoleSettings/uploadLimit``; 32 MiB holds about 300,000 rows of hires).
    let maxBytes: Int
    /// Files from this size on get pages written as they go (``streamed(_:_:)``).
    let streamFrom: Int

    func addRoutes(to router: Router<ConsoleRequestContext>) {
        router.get("tenants/:slug/import") { _, context in try await form(context, problem: nil, status: .ok) }
        router.post("tenants/:slug/import") { request, context in try await upload(request, context) }
        router.post("tenants/:slug/import/:upload") { request, context in try await apply(request, context) }
        router.get("tenants/:slug/import/:upload/problems.csv") { _, context in try await problems(context) }
    }

    /// What a preview found: the import's report, or every problem of the file.
    private enum Preview: Error {
        case wouldImport(RecordImporter.Report)
        case refused([ImportProblem])
    }

    private func form(_ context: ConsoleRequestContext, problem: String?, status: HTTPResponse.Status) async throws -> Response {
        let session = try context.signedIn()
        let tenant = try await scope.tenant(context) { tenant, _ in tenant.tenant }
        return PageHeaders.html(status, ImportPages.form(tenant: tenant, session: session, limit: maxBytes, problem: problem).markup, inlineStyles: false)
    }

    private func upload(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.signedIn()
        guard SameOrigin.allows(request) else { throw ConsolePageError.forbidden }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes + 64 * 1024 {
            return try await form(context, problem: ImportPages.tooLarge(maxBytes), status: .contentTooLarge)
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxBytes + 64 * 1024)
        } catch {
            return try await form(context, problem: ImportPages.tooLarge(maxBytes), status: .contentTooLarge)
        }
        guard let multipart = MultipartForm(contentType: request.headers[.contentType] ?? "", body: Array(buffer: body)) else {
            throw ConsolePageError.badRequest("The upload could not be read: send the form with its file.")
        }
        guard let token = multipart["form_token"]?.text, ConsoleForm.equal(token, session.formToken) else { throw ConsolePageError.forbidden }
        guard let kind = multipart["kind"]?.text.flatMap(RecordImporter.Kind.init(rawValue:)) else {
            return try await form(context, problem: "Choose what the file holds: people, trainings, hires or no-match letters.", status: .unprocessableContent)
        }
        guard let file = multipart["file"], let name = file.fileName, !name.isEmpty, !file.bytes.isEmpty else {
            return try await form(context, problem: "Choose a CSV file to upload.", status: .unprocessableContent)
        }
        guard file.bytes.count <= maxBytes else {
            return try await form(context, problem: ImportPages.tooLarge(maxBytes), status: .contentTooLarge)
        }
        let fileName = String(name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "upload.csv").prefix(255)
        let logger = context.logger
        let (id, tenant) = try await scope.write(context) { tenant, connection in
            (try await ConsoleUploadStore.save(kind, fileName: String(fileName), content: file.bytes, context: tenant, connection: connection,
                                               logger: logger), tenant.tenant)
        }
        let upload = ConsoleUpload(id: id, kind: kind, fileName: String(fileName), content: file.bytes)
        guard upload.content.count >= streamFrom else { return try await previewPage(context, session: session, upload: upload) }
        let start = ImportPages.working(tenant: tenant, session: session, upload: upload, rows: Self.rowCount(upload), importing: false)
        return streamed(start) { [self] in
            do {
                return switch try await preview(context, upload).1 {
                case .wouldImport(let report): ImportPages.previewBody(tenant: tenant, session: session, upload: upload, report: report)
                case .refused(let problems): ImportPages.problemsBody(tenant: tenant, upload: upload, problems: problems)
                }
            } catch {
                return Self.failed(error, context)
            }
        }
    }

    /// A page written as it goes: `start` at once, an HTML comment every 5 seconds while
    /// `work` runs (so that no proxy or browser gives up on a quiet request), then what
    /// `work` made and the end of the page.
    private func streamed(_ start: HTML, _ work: @escaping @Sendable () async -> HTML) -> Response {
        PageHeaders.streamedHTML(.ok, inlineStyles: false) { writer in
            try await writer.write(ByteBuffer(string: start.markup))
            let result = try await withThrowingTaskGroup(of: HTML?.self) { group -> HTML in
                group.addTask { await work() }
                group.addTask { try await Task.sleep(for: .seconds(5)); return nil }
                while let next = try await group.next() {
                    if let done = next {
                        group.cancelAll()
                        return done
                    }
                    try await writer.write(ByteBuffer(string: "<!-- still working -->\n"))
                    group.addTask { try await Task.sleep(for: .seconds(5)); return nil }
                }
                return ""
            }
            try await writer.write(ByteBuffer(string: (result + Layout.pageEnd).markup))
            try await writer.finish(nil)
        }
    }

    /// What a streamed page says when its work failed (the error goes to the log only).
    private static func failed(_ error: any Error, _ context: ConsoleRequestContext) -> HTML {
        context.logger.error("console upload failed", metadata: ["error": "\(error)"])
        return "<p class=\"error\" role=\"alert\">The file could not be processed, and nothing was saved. Try again; if it fails again, the console's log says why.</p>"
    }

    private static func rowCount(_ upload: ConsoleUpload) -> Int {
        CSVTable(fileName: upload.fileName, bytes: upload.content).count
    }

    private func previewPage(_ context: ConsoleRequestContext, session: ConsoleSession, upload: ConsoleUpload) async throws -> Response {
        let (tenant, preview) = try await preview(context, upload)
        let page: HTML = switch preview {
        case .wouldImport(let report): ImportPages.preview(tenant: tenant, session: session, upload: upload, report: report)
        case .refused(let problems): ImportPages.problems(tenant: tenant, session: session, upload: upload, problems: problems)
        }
        let status: HTTPResponse.Status = if case .refused = preview { .unprocessableContent } else { .ok }
        return PageHeaders.html(status, page.markup, inlineStyles: false)
    }

    /// Runs the import and rolls it back: what it would do, or every problem it found.
    private func preview(_ context: ConsoleRequestContext, _ upload: ConsoleUpload) async throws -> (Tenant, Preview) {
        let logger = context.logger
        var tenant: Tenant?
        do {
            try await scope.write(context) { tenantContext, connection in
                tenant = tenantContext.tenant
                let table = CSVTable(fileName: upload.fileName, bytes: upload.content)
                do {
                    throw Preview.wouldImport(try await RecordImporter().run(upload.kind, table: table, context: tenantContext,
                                                                              connection: connection, logger: logger))
                } catch let error as ImportError {
                    throw Preview.refused(error.problems)
                }
            }
        } catch let preview as Preview {
            guard let tenant else { throw ConsolePageError.notFound }
            return (tenant, preview)
        } catch let error as RecordViolation {
            guard let tenant else { throw error }
            return (tenant, .refused([ImportProblem(file: upload.fileName, line: 1, column: error.field, message: error.message)]))
        } catch let error as StorageError where error.kind == .invalidInput || error.kind == .conflict {
            guard let tenant else { throw error }
            return (tenant, .refused([ImportProblem(file: upload.fileName, line: 1, message: error.message)]))
        }
        throw ConsolePageError.notFound
    }

    private func apply(_ request: Request, _ context: ConsoleRequestContext) async throws -> Response {
        let session = try context.signedIn()
        _ = try await ConsoleForm.read(request, context: context, expectedToken: session.formToken)
        guard let id = UUID(uuidString: try context.parameters.require("upload")) else { throw ConsolePageError.notFound }
        let upload = try await loadUpload(context, id)
        if upload.content.count >= streamFrom {
            let tenant = try await scope.tenant(context) { tenant, _ in tenant.tenant }
            let start = ImportPages.working(tenant: tenant, session: session, upload: upload, rows: Self.rowCount(upload), importing: true)
            return streamed(start) { [self] in
                do {
                    let report = try await importing(upload, context)
                    return ImportPages.importedBody(tenant: tenant, upload: upload, report: report)
                } catch let error as ImportError {
                    return ImportPages.problemsBody(tenant: tenant, upload: upload, problems: error.problems)
                } catch {
                    return Self.failed(error, context)
                }
            }
        }
        do {
            let report = try await importing(upload, context)
            let tenant = try await scope.tenant(context) { tenant, _ in tenant.tenant }
            return PageHeaders.html(.ok, ImportPages.imported(tenant: tenant, session: session, upload: upload, report: report).markup,
                                    inlineStyles: false)
        } catch is ImportError {
            return try await previewPage(context, session: session, upload: upload)  // the records changed since the preview
        }
    }

    /// Imports the upload, all or nothing, and forgets it in the same transaction.
    private func importing(_ upload: ConsoleUpload, _ context: ConsoleRequestContext) async throws -> RecordImporter.Report {
        let logger = context.logger
        return try await scope.write(context) { tenantContext, connection in
            let report = try await RecordImporter().run(upload.kind, table: CSVTable(fileName: upload.fileName, bytes: upload.content),
                                                        context: tenantContext, connection: connection, logger: logger)
            try await ConsoleUploadStore.delete(upload.id, context: tenantContext, connection: connection, logger: logger)
            return report
        }
    }

    private func problems(_ context: ConsoleRequestContext) async throws -> Response {
        guard let id = UUID(uuidString: try context.parameters.require("upload")) else { throw ConsolePageError.notFound }
        let upload = try await loadUpload(context, id)
        guard case .refused(let problems) = try await preview(context, upload).1 else { throw ConsolePageError.notFound }
        let csv = "line,column,problem\r\n" + problems.map { p in
            [String(p.line), p.column ?? "", p.message].map(Self.csvField).joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store", .xContentTypeOptions: "nosniff",
            .contentDisposition: "attachment; filename=\"problems-\(upload.fileName.replacingOccurrences(of: "\"", with: ""))\"",
        ], body: .init(byteBuffer: ByteBuffer(string: csv)))
    }

    private func loadUpload(_ context: ConsoleRequestContext, _ id: UUID) async throws -> ConsoleUpload {
        let logger = context.logger
        let upload = try await scope.tenant(context) { tenant, connection in
            try await ConsoleUploadStore.load(id, context: tenant, connection: connection, logger: logger)
        }
        guard let upload else {
            throw ConsolePageError.conflict("This upload is no longer kept (an hour at most, for the session that sent it): upload the file again.")
        }
        return upload
    }

    /// A CSV field, quoted when it must be; a leading =, +, - or @ is prefixed with ' so
    /// that a spreadsheet does not run it as a formula.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
