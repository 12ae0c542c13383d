import Compliance

/// The report's two charts as inline SVG, with integer coordinates so that the same
/// figures always give the same markup.
enum SVGCharts {
    static let hiresColor = "#9bb7d4", onTimeColor = "#1a7f37", lateColor = "#d97706", overdueColor = "#b42318", pendingColor = "#a0a7b4"

    /// Grouped bars: new hires and on-time E-Verify cases for each month.
    static func monthly(_ months: [MonthFigures]) -> String {
        let width = 460, height = 220, left = 30, bottom = 190, top = 30, slot = 35
        let peak = max(1, months.map(\.hires).max() ?? 0)
        func barHeight(_ value: Int) -> Int { value * (bottom - top) / peak }
        var parts = [open(width, height, "New hires and E-Verify cases opened on time by month"),
                     line(left, bottom, width - 5, bottom)]
        for (index, month) in months.enumerated() {
            let x = left + 5 + index * slot
            let hires = barHeight(month.hires), onTime = barHeight(month.onTime)
            parts.append(rect(x, bottom - hires, 14, hires, hiresColor, "\(MonthNames.short[index]): \(month.hires) new hires"))
            parts.append(rect(x + 15, bottom - onTime, 14, onTime, onTimeColor, "\(MonthNames.short[index]): \(month.onTime) on time"))
            if month.hires > 0 { parts.append(text(x + 7, bottom - hires - 3, String(month.hires), size: 10, anchor: "middle")) }
            parts.append(text(x + 15, bottom + 14, MonthNames.short[index], size: 10, anchor: "middle"))
        }
        parts.append(legend([("New hires", hiresColor), ("E-Verify on time", onTimeColor)], x: left, y: 12))
        parts.append("</svg>")
        return parts.joined()
    }

    /// Stacked horizontal bars per practice: resolved on time, resolved late, open and
    /// overdue, open and not yet due.
    static func items(_ items: [ItemStatus]) -> String {
        let shown = items.filter { $0.resolved + $0.open > 0 }
        let left = 110, barWidth = 300, row = 22, top = 32
        let width = left + barWidth + 40, height = top + max(1, shown.count) * row + 10
        let peak = max(1, shown.map { $0.resolved + $0.open }.max() ?? 0)
        var parts = [open(width, height, "Open versus resolved items by practice")]
        parts.append(legend([("On time", onTimeColor), ("Late", lateColor), ("Overdue", overdueColor), ("Not yet due", pendingColor)], x: 5, y: 12))
        if shown.isEmpty { parts.append(text(left, top + 14, "No items in this year", size: 11, anchor: "start")) }
        for (index, item) in shown.enumerated() {
            let y = top + index * row
            let name = AnnualReport.shortName(item.section)
            parts.append(text(left - 6, y + 13, name, size: 11, anchor: "end"))
            var x = left
            for (count, color, what) in [(item.onTime, onTimeColor, "on time"), (item.late, lateColor, "late"),
                                         (item.overdue, overdueColor, "overdue"), (item.pending, pendingColor, "not yet due")] where count > 0 {
                let w = max(2, count * barWidth / peak)
                parts.append(rect(x, y + 2, w, row - 6, color, "\(name): \(count) \(what)"))
                x += w
            }
            parts.append(text(x + 4, y + 13, "\(item.resolved)/\(item.resolved + item.open)", size: 10, anchor: "start"))
        }
        parts.append("</svg>")
        return parts.joined()
    }

    private static func open(_ width: Int, _ height: Int, _ label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(TextEscaping.html(label))\">"
    }

    private static func rect(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ color: String, _ title: String) -> String {
        "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"\(color)\"><title>\(TextEscaping.html(title))</title></rect>"
    }

    private static func line(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int) -> String {
        "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"#667\" stroke-width=\"1\"/>"
    }

    private static func text(_ x: Int, _ y: Int, _ content: String, size: Int, anchor: String) -> String {
        "<text x=\"\(x)\" y=\"\(y)\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" fill=\"#1d2430\">\(TextEscaping.html(content))</text>"
    }

    private static func legend(_ entries: [(String, String)], x: Int, y: Int) -> String {
        var parts: [String] = []
        var position = x
        for (label, color) in entries {
            parts.append("<rect x=\"\(position)\" y=\"\(y - 9)\" width=\"10\" height=\"10\" fill=\"\(color)\"/>")
            parts.append(text(position + 14, y, label, size: 11, anchor: "start"))
            position += 14 + label.count * 6 + 14
        }
        return parts.joined()
    }
}
