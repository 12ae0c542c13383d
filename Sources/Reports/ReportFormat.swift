import Compliance
import Foundation

/// The formats of the annual report.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// A printable XHTML page with inline CSS and SVG charts, no external assets.
    case html
    /// Markdown with a table per section.
    case md
    /// One flat table: `section,type,key,label,subject,employee_id,date,status,value,out_of,detail`.
    case csv
    /// The ``AnnualReport`` model, keys sorted.
    case json

    /// The file name extension of the format.
    public var fileExtension: String { rawValue }

    /// Renders `report` in this format; the same report gives the same text.
    public func render(_ report: AnnualReport) throws -> String {
        switch self {
        case .html: HTMLReportRenderer(report: report).render()
        case .md: MarkdownReportRenderer(report: report).render()
        case .csv: CSVReportRenderer(report: report).render()
        case .json: try JSONReportRenderer.render(report)
        }
    }
}

/// The JSON format: the model itself.
enum JSONReportRenderer {
    static func render(_ report: AnnualReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }

    /// Reads a report written in the JSON format.
    static func decode(_ text: String) throws -> AnnualReport {
        try JSONDecoder().decode(AnnualReport.self, from: Data(text.utf8))
    }
}

extension AnnualReport {
    /// Reads a report written by ``ReportFormat/json``.
    public static func decodeJSON(_ text: String) throws -> AnnualReport {
        try JSONReportRenderer.decode(text)
    }

    /// The title of the report.
    public var title: String { "IMAGE annual report \(year): \(tenant.legalName)" }

    /// Short section names for charts and summaries.
    static func shortName(_ section: String) -> String {
        switch section {
        case "everify": "E-Verify"
        case "tnc": "TNCs"
        case "i9": "Form I-9"
        case "training": "Training"
        case "audit": "I-9 audit"
        case "nomatch": "No-match letters"
        case "tips": "Tips"
        case "selfreports": "Self-reports"
        case "policies": "Policies"
        case "network": "Hiring network"
        case "report": "Annual report"
        default: section
        }
    }
}
