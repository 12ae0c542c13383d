import Foundation
import Hummingbird
import Storage
import WebCommon

/// What a successful post changed, carried to the page it redirects to (post, then
/// redirect, then get: reloading the page does not post again) as query parameters:
/// the action's id and the obligation counts of its ``ReconcileReport``. The page
/// shows its own sentence for the id, so a link cannot make it say anything else.
struct ChangeNotice: Sendable, Equatable {
    /// The action's id (a key of the page's `sentences`).
    let action: String
    /// What the page says was done ("Section 2 recorded.").
    let sentence: String
    let report: ReconcileReport

    /// The query string that carries the notice (`?done=…&added=…`).
    var query: String {
        "?done=\(action)&added=\(report.inserted)&moved=\(report.moved)&cancelled=\(report.cancelled)&completed=\(report.completed)"
    }

    /// The notice a page's query carries, if it names one of `sentences`' actions.
    init?(_ request: Request, sentences: [String: String]) {
        let parameters = request.uri.queryParameters
        guard let action = parameters["done"].map(String.init), let sentence = sentences[action] else { return nil }
        func count(_ name: Substring) -> Int { parameters[name].flatMap { Int($0) }.map { max(0, min($0, 1_000_000)) } ?? 0 }
        var report = ReconcileReport()
        report.inserted = count("added")
        report.moved = count("moved")
        report.cancelled = count("cancelled")
        report.completed = count("completed")
        self.init(action: action, sentence: sentence, report: report)
    }

    init(action: String, sentence: String, report: ReconcileReport) {
        self.action = action
        self.sentence = sentence
        self.report = report
    }

    /// "Section 2 recorded. 1 obligation completed, 2 added."
    var text: String {
        let parts = [(report.completed, "completed"), (report.inserted, "added"), (report.moved, "moved"), (report.cancelled, "cancelled")]
            .filter { $0.0 > 0 }
            .enumerated()
            .map { index, part in index == 0 ? "\(part.0) obligation\(part.0 == 1 ? "" : "s") \(part.1)" : "\(part.0) \(part.1)" }
        return "\(sentence) " + (parts.isEmpty ? "No obligation changed." : parts.joined(separator: ", ") + ".")
    }

    /// The notice as a status message screen readers announce.
    var html: HTML {
        "<p class=\"notice\" role=\"status\">\(text)</p>"
    }
}
